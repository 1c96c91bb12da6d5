from django.urls import path

from alianza.policy.views import meetings, meetings_actions, meetings_reports

urlpatterns = [
    path("", meetings.meeting_list, name="policy-staff-meetings"),
    path("new/", meetings.meeting_new, name="policy-staff-meeting-new"),
    path("reports/", meetings_reports.meeting_reports, name="policy-staff-meeting-reports"),
    path("<int:pk>/", meetings.meeting_detail, name="policy-staff-meeting"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="policy-staff-meeting-edit"),
    path("<int:pk>/follow-ups/", meetings_actions.follow_up_new,
         name="policy-staff-follow-up-add"),
    path("follow-ups/<int:pk>/done/", meetings_actions.follow_up_done,
         name="policy-staff-follow-up-done"),
    path("<int:pk>/attachments/", meetings_actions.attachment_new,
         name="policy-staff-attachment-add"),
    path("attachments/<int:pk>/", meetings_actions.attachment_download,
         name="policy-staff-attachment"),
    path("attachments/<int:pk>/remove/", meetings_actions.attachment_remove,
         name="policy-staff-attachment-remove"),
]
