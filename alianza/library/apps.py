from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "alianza.library"
    label = "library"
    verbose_name = _("Library")
    nav_links = [(20, "library-index", _("Library"))]
    home_sections: list[tuple[int, str]] = []
    sitemaps: dict[str, str] = {}
