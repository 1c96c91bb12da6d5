from django.urls import path

from alianza.convenings.views import public

urlpatterns = [
    path("", public.index, name="events-index"),
    path("past/", public.past, name="events-past"),
    path("calendar.ics", public.feed, name="events-feed"),
    path("r/<str:token>/", public.registration_manage, name="events-registration"),
    path("r/<str:token>/event.ics", public.registration_ics, name="events-registration-ics"),
    path("<slug:slug>/", public.event_detail, name="events-event"),
    path("<slug:slug>/registered/", public.registered, name="events-registered"),
    path("<slug:slug>/event.ics", public.event_ics, name="events-ics"),
]
