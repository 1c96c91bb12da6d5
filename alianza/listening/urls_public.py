from django.urls import path

from alianza.listening.views import public

urlpatterns = [
    path("", public.survey_list, name="listening-surveys"),
]
