from django.urls import path

from alianza.policy.views import bills_alerts, bills_staff, bills_staff_edit

urlpatterns = [
    path("", bills_staff.bill_list, name="policy-staff-bills"),
    path("new/", bills_staff.bill_new, name="policy-staff-bill-new"),
    path("alerts/", bills_alerts.staff_preferences, name="policy-staff-bill-alerts"),
    path("<int:pk>/", bills_staff.bill_detail, name="policy-staff-bill"),
    path("<int:pk>/edit/", bills_staff_edit.bill_edit, name="policy-staff-bill-edit"),
    path("<int:pk>/actions/new/", bills_staff_edit.action_new,
         name="policy-staff-bill-action-new"),
    path("<int:pk>/hearings/new/", bills_staff_edit.hearing_new,
         name="policy-staff-bill-hearing-new"),
    path("<int:pk>/position/", bills_staff_edit.position_new,
         name="policy-staff-bill-position"),
    path("<int:pk>/letters/", bills_staff_edit.letters_edit, name="policy-staff-bill-letters"),
    path("conflicts/<int:pk>/resolve/", bills_staff.conflict_resolve,
         name="policy-staff-bill-conflict-resolve"),
]
