from django.urls import path

from alianza.listening.views import public, respond

urlpatterns = [
    path("", public.survey_list, name="listening-surveys"),
    path("<slug:slug>/", respond.survey_intro, name="listening-survey"),
    path("<slug:slug>/p/<str:code>/", respond.survey_intro, name="listening-survey-partner"),
    path("<slug:slug>/page/<int:number>/", respond.survey_page, name="listening-survey-page"),
    path("<slug:slug>/send/", respond.survey_finish, name="listening-survey-finish"),
    path("<slug:slug>/thanks/", respond.survey_thanks, name="listening-survey-thanks"),
]
