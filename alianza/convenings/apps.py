from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConveningsConfig(AppConfig):
    name = "alianza.convenings"
    label = "convenings"
    verbose_name = _("Convenings and events")
    nav_links = [(30, "events-index", _("Events"))]
    staff_links = [(45, "events-staff-list", _("Events"), "convenings.view_event", "events")]
    home_sections: list[tuple[int, str]] = [(20, "convenings/_home_section.html")]
    # The home page's upcoming events, with their seats taken (core/page_cache.py).
    home_section_namespaces = ["convenings"]
    sitemaps: dict[str, str] = {"events": "alianza.convenings.sitemaps.EventSitemap"}

    def ready(self) -> None:
        from alianza.convenings import site_export

        site_export.register()

        from alianza.convenings import people_merge, people_timeline
        from alianza.convenings.privacy import convenings_erase, convenings_export
        from alianza.core.people import person_merge_register
        from alianza.core.privacy import person_data_register

        person_data_register("convenings", export=convenings_export, erase=convenings_erase)
        people_timeline.register()
        person_merge_register("convenings", people_merge.convenings_merge,
                              models=people_merge.MODELS)
        from alianza.convenings.people_filters import register_people_parts

        register_people_parts()
        from alianza.convenings.api.register import api_register
        from alianza.core.page_cache import bump_on_changes

        api_register()
        bump_on_changes("convenings", [self.get_model("Event"), self.get_model("EventText"),
                                       self.get_model("Registration")])
