from django.urls import path

from alianza.policy.views import legislators_staff as views

urlpatterns = [
    path("", views.staff_legislator_list, name="policy-staff-legislators"),
    path("<int:pk>/", views.staff_legislator_detail, name="policy-staff-legislator"),
    path("<int:pk>/contacts/", views.staff_contact_add, name="policy-staff-contact-add"),
    path("contacts/<int:pk>/", views.staff_contact_edit, name="policy-staff-contact-edit"),
    path("contacts/<int:pk>/active/", views.staff_contact_active,
         name="policy-staff-contact-active"),
    path("offices/<int:pk>/language/", views.staff_office_language,
         name="policy-staff-office-language"),
]
