from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "alianza.coalition"
    label = "coalition"
    verbose_name = _("Coalition")
    nav_links = [
        (10, "coalition-about", _("About the coalition"), _("The coalition")),
        (11, "coalition-members", _("Members"), _("The coalition")),
        (12, "coalition-signatories", _("Signatories"), _("The coalition")),
        (13, "coalition-workgroups", _("Workgroups"), _("The coalition")),
        (95, "coalition-join", _("Join the movement")),
    ]
    staff_links = [
        (10, "coalition-staff-dashboard", _("Dashboard"), "coalition.view_dashboard",
         "dashboard"),
        (20, "coalition-applications", _("Membership applications"),
         "coalition.view_membershipapplication", "applications", _("Coalition")),
        (21, "coalition-organizations", _("Organizations"), "coalition.view_organization",
         "organizations", _("Coalition")),
        (22, "coalition-my-workgroups", _("Workgroup rosters"), "", "workgroups",
         _("Coalition")),
        (23, "coalition-person-data-search", _("Personal data requests"),
         "coalition.export_person", "privacy", _("Coalition")),
        (24, "coalition-imports", _("Import contacts"), "coalition.import_contacts", "imports",
         _("Coalition")),
    ]
    home_sections = [(10, "coalition/_home_section.html")]
    home_section_namespaces = ["coalition", "signatures"]

    def ready(self) -> None:
        from alianza.coalition import page_cache
        from alianza.coalition.services.privacy import register_coalition_parts

        register_coalition_parts()
        page_cache.connect()
