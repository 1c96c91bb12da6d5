"""A survey's partners, their QR codes, the paper form and paper entry
(included at /<lang>/staff/surveys/<survey_id>/partners/)."""

from django.urls import path

from alianza.listening.views import partners, partners_entry, partners_files

urlpatterns = [
    path("", partners.partner_list, name="listening-staff-partners"),
    path("counts/", partners.partner_counts_fragment, name="listening-staff-partner-counts"),
    path("add/", partners.partner_add, name="listening-staff-partner-add"),
    path("add-members/", partners.partner_add_members,
         name="listening-staff-partner-add-members"),
    path("<int:partner_id>/edit/", partners.partner_edit, name="listening-staff-partner-edit"),
    path("<int:partner_id>/collecting/", partners.partner_toggle,
         name="listening-staff-partner-toggle"),
    path("<int:partner_id>/new-code/", partners.partner_new_code,
         name="listening-staff-partner-new-code"),
    path("<int:partner_id>/qr-<slug:language>.<slug:fmt>", partners_files.partner_qr,
         name="listening-staff-partner-qr"),
    path("paper-<slug:language>.pdf", partners_files.paper_download,
         name="listening-staff-paper-pdf"),
    path("paper-entry/", partners_entry.paper_entry, name="listening-staff-paper-entry"),
]
