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
        (19, "coalition-people", _("People"), "coalition.view_person", "people",
         _("Coalition")),
        (21, "coalition-organizations", _("Organizations"), "coalition.view_organization",
         "organizations", _("Coalition")),
        (22, "coalition-my-workgroups", _("Workgroup rosters"), "", "workgroups",
         _("Coalition")),
        (23, "coalition-person-data-search", _("Personal data requests"),
         "coalition.export_person", "privacy", _("Coalition")),
        (24, "coalition-imports", _("Import contacts"), "coalition.import_contacts", "imports",
         _("Coalition")),
        (25, "coalition-person-duplicates", _("Duplicate people"), "coalition.merge_person",
         "people-duplicates", _("Coalition")),
    ]
    home_sections = [(10, "coalition/_home_section.html")]
    home_section_namespaces = ["coalition", "signatures"]

    def ready(self) -> None:
        from alianza.coalition import site_export

        site_export.register()

        from alianza.coalition import page_cache, people_timeline
        from alianza.coalition.services.person_merge import COALITION_MODELS, coalition_merge
        from alianza.coalition.services.privacy import register_coalition_parts
        from alianza.core.people import person_merge_register

        register_coalition_parts()
        people_timeline.register()
        person_merge_register("coalition", coalition_merge, models=COALITION_MODELS)
        person_merge_register("coalition-roster-changes", _roster_changes_merge,
                              models=["coalition.WorkgroupRosterChange"])

        from alianza.coalition.people_filters import register_people_parts

        register_people_parts()

        from alianza.coalition.imports.follow_up import import_extra_merge

        person_merge_register("coalition-imported-data", import_extra_merge)

        page_cache.connect()

        from alianza.coalition.api.register import api_register

        api_register()


def _roster_changes_merge(survivor, duplicate) -> dict[str, int]:
    from alianza.coalition.models import WorkgroupRosterChange

    return {"roster_changes": WorkgroupRosterChange.objects.filter(person=duplicate)
            .update(person=survivor)}
