from django.urls import path

from alianza.listening.views import frames

urlpatterns = [
    path("", frames.frame_results, name="listening-staff-frame-results"),
]
