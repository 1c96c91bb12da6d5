from django.urls import path

from alianza.listening.views import staff

urlpatterns = [
    path("", staff.survey_list, name="listening-staff-surveys"),
]
