from django.urls import path

from alianza.convenings.views import (
    checkin,
    staff,
    staff_edit,
    staff_registrations,
    staff_resources,
)

urlpatterns = [
    path("", staff.event_list, name="events-staff-list"),
    path("new/", staff_edit.event_new, name="events-staff-new"),
    path("<int:pk>/", staff.event_detail, name="events-staff-detail"),
    path("<int:pk>/edit/", staff_edit.event_edit, name="events-staff-edit"),
    path("<int:pk>/publish/", staff.event_publish_view, name="events-staff-publish"),
    path("<int:pk>/cancel/", staff.event_cancel_view, name="events-staff-cancel"),
    path("<int:pk>/resources/", staff_resources.event_resources,
         name="events-staff-resources"),
    path("<int:pk>/registrations/", staff_registrations.registration_list,
         name="events-staff-registrations"),
    path("<int:pk>/registrations.csv", staff_registrations.registration_export_csv,
         name="events-staff-export-csv"),
    path("<int:pk>/registrations.xlsx", staff_registrations.registration_export_xlsx,
         name="events-staff-export-xlsx"),
    path("<int:pk>/check-in/", checkin.check_in, name="events-staff-checkin"),
    path("<int:pk>/check-in/walk-in/", checkin.walk_in, name="events-staff-walk-in"),
    path("<int:pk>/check-in/<int:registration_pk>/", checkin.check_in_mark,
         name="events-staff-checkin-mark"),
    path("<int:pk>/check-in/<int:registration_pk>/undo/", checkin.check_in_undo,
         name="events-staff-checkin-undo"),
]
