"""The main menu and the home page are made of what each app declares."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.core.registry import NavGroup, home_sections, nav_menu

pytestmark = pytest.mark.django_db


def test_every_menu_entry_leads_to_a_page_that_opens(client, statement):
    for entry in nav_menu():
        for link in entry.links if isinstance(entry, NavGroup) else (entry,):
            assert client.get(link.url).status_code == 200, link.url_name


def test_the_coalition_pages_are_gathered_under_one_menu_entry_in_the_readers_language(client):
    html = client.get("/es/").content.decode()

    assert '<summary>La coalición</summary>' in html
    assert f'href="{reverse("coalition-members")}"' in html
    assert "Biblioteca" in html and "Eventos" in html


def test_the_home_page_shows_each_apps_section():
    templates = home_sections()

    assert "coalition/_home_section.html" in templates
    assert "evidence/_home_include.html" in templates
    assert templates.index("coalition/_home_section.html") == 0
