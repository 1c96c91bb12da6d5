from django.urls import path

from alianza.policy.views import agenda

urlpatterns = [
    path("", agenda.index, name="policy-index"),
]
