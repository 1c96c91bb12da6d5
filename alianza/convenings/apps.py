from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConveningsConfig(AppConfig):
    name = "alianza.convenings"
    label = "convenings"
    verbose_name = _("Convenings and events")
    nav_links = [(30, "events-index", _("Events"))]
    home_sections: list[tuple[int, str]] = []
    sitemaps: dict[str, str] = {}
