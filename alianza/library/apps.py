from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "alianza.library"
    label = "library"
    verbose_name = _("Library")
    nav_links = [(20, "library-index", _("Library"))]
    staff_links = [(40, "library-staff-resources", _("Library"), "library.view_resource",
                    "library")]
    home_sections = [(20, "library/_home_section.html")]
    home_section_namespaces = ["library"]
    sitemaps = {
        "library-resources": "alianza.library.sitemaps.ResourceSitemap",
        "library-collections": "alianza.library.sitemaps.CollectionSitemap",
    }

    def ready(self) -> None:
        from alianza.library import site_export

        site_export.register()

        from alianza.core.privacy import person_data_register
        from alianza.library import signals
        from alianza.library.privacy import library_erase, library_export

        signals.connect()
        person_data_register("library", export=library_export, erase=library_erase)
