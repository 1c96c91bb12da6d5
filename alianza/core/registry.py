"""What each app adds to the shared pages: the main menu, the home page and the sitemap.

Core imports no app. An app declares what it adds on its ``AppConfig``:

- ``nav_links``: ``[(order, url_name, label), ...]`` for the main menu, or
  ``(order, url_name, label, group)`` for a link inside a sub-menu named ``group`` (placed
  where its first link would be);
- ``home_sections``: ``[(order, template_name), ...]`` included on the home page, each
  rendered with the page's context (an app's own template tags load its data);
- ``home_section_namespaces``: the page-cache namespaces (core/page_cache.py) whose rows the
  app's home section shows, so that the cached home page is dropped when they change;
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
    group: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class NavGroup:
    label: str
    links: tuple[NavLink, ...]

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(link.url for link in self.links)


def nav_links() -> list[NavLink]:
    links = [NavLink(*entry)
             for config in apps.get_app_configs()
             for entry in getattr(config, "nav_links", ())]
    return sorted(links, key=lambda link: link.order)


def nav_menu() -> list[NavLink | NavGroup]:
    """The main menu: links in order, those of one group gathered where the first falls."""
    menu: list[NavLink | NavGroup] = []
    groups: dict[str, list[NavLink]] = {}
    for link in nav_links():
        if not link.group:
            menu.append(link)
            continue
        key = str(link.group)
        if key not in groups:
            groups[key] = []
            menu.append(NavGroup(link.group, ()))  # placeholder, filled below
        groups[key].append(link)
    return [NavGroup(entry.label, tuple(groups[str(entry.label)]))
            if isinstance(entry, NavGroup) else entry for entry in menu]


@cache
def home_sections() -> tuple[str, ...]:
    found = [(order, template)
             for config in apps.get_app_configs()
             for order, template in getattr(config, "home_sections", ())]
    return tuple(template for _order, template in sorted(found))


@cache
def home_namespaces() -> tuple[str, ...]:
    """The page-cache namespaces the home page depends on: those its sections declare."""
    return tuple(dict.fromkeys(
        name for config in apps.get_app_configs()
        for name in getattr(config, "home_section_namespaces", ())))


@cache
def sitemaps() -> dict[str, type]:
    return {section: import_string(path)
            for config in apps.get_app_configs()
            for section, path in getattr(config, "sitemaps", {}).items()}


@dataclass(frozen=True)
class StaffLink:
    """A staff page in the staff menu: shown to those holding ``permission`` ("" for any
    staff member); ``key`` is what a page passes as ``current`` to be marked as the one open."""

    order: int
    url_name: str
    label: str
    permission: str = ""
    key: str = ""
    group: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class StaffGroup:
    label: str
    links: tuple[StaffLink, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(link.key for link in self.links)


def staff_menu(user) -> list[StaffLink | StaffGroup]:
    """The staff menu for ``user``: each app's ``staff_links`` (``(order, url_name, label,
    permission, key[, group])``) that the user may open, those of one group gathered where
    the first falls; a group with one link left is shown as that link."""
    links = sorted((StaffLink(*entry)
                    for config in apps.get_app_configs()
                    for entry in getattr(config, "staff_links", ())),
                   key=lambda link: link.order)
    allowed = [link for link in links if not link.permission or user.has_perm(link.permission)]
    menu: list[StaffLink | StaffGroup] = []
    groups: dict[str, list[StaffLink]] = {}
    for link in allowed:
        if not link.group:
            menu.append(link)
            continue
        key = str(link.group)
        if key not in groups:
            groups[key] = []
            menu.append(StaffGroup(link.group, ()))
        groups[key].append(link)
    result: list[StaffLink | StaffGroup] = []
    for entry in menu:
        if isinstance(entry, StaffGroup):
            members = tuple(groups[str(entry.label)])
            result.append(members[0] if len(members) == 1 else StaffGroup(entry.label, members))
        else:
            result.append(entry)
    return result
