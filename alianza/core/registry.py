"""What each app adds to the shared pages: the main menu, the home page and the sitemap.

Core imports no app. An app declares what it adds on its ``AppConfig``:

- ``nav_links``: ``[(order, url_name, label), ...]`` for the main menu;
- ``home_sections``: ``[(order, template_name), ...]`` included on the home page, each
  rendered with the page's context (an app's own template tags load its data);
- ``sitemaps``: ``{section: "dotted.path.to.SitemapClass"}`` for ``/sitemap.xml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavLink:
    order: int
    url_name: str
    label: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def nav_links() -> list[NavLink]:
    links = [NavLink(order, url_name, label)
             for config in apps.get_app_configs()
             for order, url_name, label in getattr(config, "nav_links", ())]
    return sorted(links, key=lambda link: link.order)


@cache
def home_sections() -> tuple[str, ...]:
    found = [(order, template)
             for config in apps.get_app_configs()
             for order, template in getattr(config, "home_sections", ())]
    return tuple(template for _order, template in sorted(found))


@cache
def sitemaps() -> dict[str, type]:
    return {section: import_string(path)
            for config in apps.get_app_configs()
            for section, path in getattr(config, "sitemaps", {}).items()}
