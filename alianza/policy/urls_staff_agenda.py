from django.urls import path

from alianza.policy.views import agenda_staff, agenda_staff_items

urlpatterns = [
    path("", agenda_staff.agenda_list, name="policy-staff-agendas"),
    path("new/", agenda_staff.agenda_new, name="policy-staff-agenda-new"),
    path("<int:pk>/", agenda_staff.agenda_edit, name="policy-staff-agenda-edit"),
    path("<int:pk>/publish/", agenda_staff.agenda_publish_view,
         name="policy-staff-agenda-publish"),
    path("<int:pk>/library/", agenda_staff.agenda_library_view,
         name="policy-staff-agenda-library"),
    path("<int:pk>/items/new/", agenda_staff_items.item_new, name="policy-staff-agenda-item-new"),
    path("items/<int:pk>/", agenda_staff_items.item_edit, name="policy-staff-agenda-item-edit"),
    path("items/<int:pk>/move/", agenda_staff_items.item_move,
         name="policy-staff-agenda-item-move"),
    path("items/<int:pk>/remove/", agenda_staff_items.item_remove,
         name="policy-staff-agenda-item-remove"),
    path("items/<int:pk>/status/", agenda_staff_items.item_status,
         name="policy-staff-agenda-item-status"),
]
