from django.urls import path

from alianza.policy.views import actions_staff

urlpatterns = [
    path("", actions_staff.campaign_list, name="policy-staff-campaigns"),
    path("new/", actions_staff.campaign_new, name="policy-staff-campaign-new"),
    path("zip-codes/", actions_staff.zip_districts, name="policy-staff-zip-districts"),
    path("<int:pk>/", actions_staff.campaign_detail, name="policy-staff-campaign"),
    path("<int:pk>/edit/", actions_staff.campaign_edit, name="policy-staff-campaign-edit"),
    path("<int:pk>/letters/", actions_staff.letter_list, name="policy-staff-campaign-letters"),
    path("<int:pk>/print/<int:office_pk>/", actions_staff.letters_print,
         name="policy-staff-campaign-print"),
    path("<int:pk>/print/<int:office_pk>/printed/", actions_staff.letters_printed,
         name="policy-staff-campaign-printed"),
]
