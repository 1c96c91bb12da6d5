from django.urls import path

from alianza.policy.views import actions

# The confirmation link first: the campaign pages below take any slug.
urlpatterns = [
    path("confirm/<str:token>/", actions.confirm, name="policy-action-confirm"),
    path("<slug:slug>/", actions.action, name="policy-action"),
    path("<slug:slug>/sent/", actions.sent, name="policy-action-sent"),
]
