"""Staff pages, one URL file per part: building surveys, distributing them, the findings,
and frame tests."""

from django.urls import include, path

urlpatterns = [
    path("", include("alianza.listening.urls_staff_builder")),
    path("<int:survey_id>/partners/", include("alianza.listening.urls_staff_partners")),
    path("<int:survey_id>/findings/", include("alianza.listening.urls_staff_findings")),
    path("<int:survey_id>/frames/edit/", include("alianza.listening.urls_staff_frames_edit")),
    path("<int:survey_id>/frames/", include("alianza.listening.urls_staff_frames")),
]
