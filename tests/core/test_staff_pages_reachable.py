"""Every staff page can be found from the staff menu: linked from it, or from a page that is.

The pages are found by walking the URLconf (as the persona test does), so a new staff page
that nobody links to fails here the day it is added."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from alianza.core.registry import StaffGroup, staff_menu
from tests.core import test_staff_personas
from tests.core.test_staff_personas import staff_pages

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#?]+)[^"]*"')


def _menu_urls(user) -> set[str]:
    urls = set()
    for entry in staff_menu(user):
        urls |= {link.url for link in (entry.links if isinstance(entry, StaffGroup) else (entry,))}
    return urls


def _pages_without_arguments(client) -> dict[str, str]:
    """URL name → path of each staff page that takes no argument and answers a GET with a
    whole page (not a download, a fragment for htmx, or a form that only accepts POST)."""
    found = {}
    for page in staff_pages():
        if page.converters or not page.name:
            continue
        path = reverse(page.name)
        if _is_page(client.get(path)):
            found[page.name] = path
    return found


def _is_page(response) -> bool:
    return (response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and b"<html" in response.content[:500])


def _reachable(client, start: set[str]) -> set[str]:
    """The URL names reached by following links from ``start`` through staff pages."""
    staff_names = {page.name for page in staff_pages()}
    seen_paths, names, queue = set(), set(), list(start)
    while queue:
        path = queue.pop()
        if path in seen_paths:
            continue
        seen_paths.add(path)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        names.add(match.url_name)
        # Only staff pages without arguments are followed: a list page leads to what it
        # lists; an object's own page is not where anyone looks for another list.
        if match.kwargs or match.url_name not in staff_names:
            continue
        response = client.get(path)
        if not _is_page(response):
            continue
        queue += [unescape(href) for href in HREF.findall(response.content.decode())
                  if href.startswith("/en/") and "/admin/" not in href]
    return names


def _unlinked(client, user) -> list[str]:
    pages = _pages_without_arguments(client)
    reached = _reachable(client, _menu_urls(user))
    return sorted(f"{name} ({path})" for name, path in pages.items() if name not in reached)


def test_every_staff_page_is_linked_from_the_staff_menu_or_a_page_it_links_to(
    staff_client, staff_user
):
    assert {"evidence-staff-datasets", "evidence-staff-runs", "coalition-staff-dashboard"} <= (
        set(_pages_without_arguments(staff_client)))

    unlinked = _unlinked(staff_client, staff_user)

    assert unlinked == [], "Staff pages no menu leads to: " + ", ".join(unlinked)


def test_a_staff_page_nobody_links_to_is_caught(staff_client, staff_user, settings,
                                                 monkeypatch):
    settings.ROOT_URLCONF = "tests.core.urls_unlinked_staff_page"
    monkeypatch.setattr(test_staff_personas, "STAFF_AREAS",
                        (*test_staff_personas.STAFF_AREAS, "unlinked_area_urls"))

    assert _unlinked(staff_client, staff_user) == ["x-forgotten (/staff/forgotten/)"]


def test_the_data_uploads_and_rules_runs_are_in_the_staff_menu_itself(staff_user):
    menu = _menu_urls(staff_user)

    assert reverse("evidence-staff-datasets") in menu
    assert reverse("evidence-staff-runs") in menu
