"""Staff pages writing a frame test's frames, under /<lang>/staff/surveys/<id>/frames/edit/."""

from django.urls import path

from alianza.listening.views import frames_edit

urlpatterns = [
    path("", frames_edit.frame_list, name="listening-staff-frames"),
    path("new/", frames_edit.frame_new, name="listening-staff-frame-new"),
    path("<int:frame_id>/", frames_edit.frame_edit, name="listening-staff-frame-edit"),
    path("<int:frame_id>/delete/", frames_edit.frame_delete_view,
         name="listening-staff-frame-delete"),
    path("<int:frame_id>/move/", frames_edit.frame_reorder, name="listening-staff-frame-move"),
]
