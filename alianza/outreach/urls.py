from django.urls import path
from django.views.generic import RedirectView

from alianza.core.access import staff_required
from alianza.outreach.views import public as views
from alianza.outreach.views import (
    staff_lists,
    staff_mailings,
    staff_reports,
    staff_segments,
    staff_sending,
    staff_suppressions,
)

urlpatterns = [
    path("lists/", views.signup, name="outreach-signup"),
    path("lists/confirm/<str:token>/", views.confirm, name="outreach-confirm"),
    path("lists/preferences/<str:token>/", views.preferences, name="outreach-preferences"),
    path("lists/unsubscribe/<str:token>/", views.unsubscribe, name="outreach-unsubscribe"),
    path("lists/o/<str:token>.gif", views.track_open, name="outreach-open"),
    path("lists/c/<str:token>/", views.track_click, name="outreach-click"),
    path("lists/webhooks/bounces/", views.bounce_webhook, name="outreach-bounce-webhook"),
    # Staff
    path("staff/outreach/", staff_required("outreach.view_mailing")(
        RedirectView.as_view(pattern_name="outreach-staff-mailings")), name="outreach-staff"),
    path("staff/outreach/mailings/", staff_mailings.mailing_index,
         name="outreach-staff-mailings"),
    path("staff/outreach/mailings/new/", staff_mailings.mailing_edit,
         name="outreach-staff-mailing-new"),
    path("staff/outreach/mailings/<int:pk>/", staff_mailings.mailing_detail,
         name="outreach-staff-mailing"),
    path("staff/outreach/mailings/<int:pk>/edit/", staff_mailings.mailing_edit,
         name="outreach-staff-mailing-edit"),
    path("staff/outreach/mailings/<int:pk>/preview/", staff_sending.mailing_preview,
         name="outreach-staff-mailing-preview"),
    path("staff/outreach/mailings/<int:pk>/test/", staff_sending.mailing_test_send,
         name="outreach-staff-mailing-test"),
    path("staff/outreach/mailings/<int:pk>/send/", staff_sending.mailing_send,
         name="outreach-staff-mailing-send"),
    path("staff/outreach/mailings/<int:pk>/cancel/", staff_sending.mailing_cancel,
         name="outreach-staff-mailing-cancel"),
    path("staff/outreach/mailings/<int:pk>/report/", staff_reports.mailing_report,
         name="outreach-staff-mailing-report"),
    path("staff/outreach/mailings/<int:pk>/report.csv", staff_reports.mailing_report_csv,
         name="outreach-staff-mailing-report-csv"),
    path("staff/outreach/segments/", staff_segments.segment_index,
         name="outreach-staff-segments"),
    path("staff/outreach/segments/new/", staff_segments.segment_edit,
         name="outreach-staff-segment-new"),
    path("staff/outreach/segments/count/", staff_segments.segment_count,
         name="outreach-staff-segment-count"),
    path("staff/outreach/segments/<int:pk>/", staff_segments.segment_edit,
         name="outreach-staff-segment"),
    path("staff/outreach/lists/", staff_lists.list_index, name="outreach-staff-lists"),
    path("staff/outreach/lists/new/", staff_lists.list_edit, name="outreach-staff-list-new"),
    path("staff/outreach/lists/<int:pk>/", staff_lists.list_edit, name="outreach-staff-list"),
    path("staff/outreach/suppressions/", staff_suppressions.suppression_index,
         name="outreach-staff-suppressions"),
    path("staff/outreach/suppressions/<int:pk>/", staff_suppressions.suppression_detail,
         name="outreach-staff-suppression"),
]
