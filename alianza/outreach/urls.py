from django.urls import path

from alianza.outreach.views import public as views

urlpatterns = [
    path("lists/", views.signup, name="outreach-signup"),
    path("lists/confirm/<str:token>/", views.confirm, name="outreach-confirm"),
    path("lists/preferences/<str:token>/", views.preferences, name="outreach-preferences"),
    path("lists/unsubscribe/<str:token>/", views.unsubscribe, name="outreach-unsubscribe"),
    path("lists/o/<str:token>.gif", views.track_open, name="outreach-open"),
    path("lists/c/<str:token>/", views.track_click, name="outreach-click"),
    path("lists/webhooks/bounces/", views.bounce_webhook, name="outreach-bounce-webhook"),
]
