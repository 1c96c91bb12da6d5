"""The staff menu is built from each app's staff_links and shows a person only the pages
their permissions open, grouped so it stays one row."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from alianza.core.registry import StaffGroup, StaffLink, staff_menu
from alianza.core.roles import DATA_ANALYST, OUTREACH

pytestmark = pytest.mark.django_db


def _member(django_user_model, name: str, role: str) -> object:
    user = django_user_model.objects.create_user(name, f"{name}@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _urls(menu) -> set[str]:
    found = set()
    for entry in menu:
        links = entry.links if isinstance(entry, StaffGroup) else (entry,)
        found |= {link.url for link in links}
    return found


def test_each_role_sees_the_pages_it_may_open_and_no_others(django_user_model):
    analyst = _urls(staff_menu(_member(django_user_model, "ana", DATA_ANALYST)))
    outreach = _urls(staff_menu(_member(django_user_model, "oscar", OUTREACH)))

    assert reverse("evidence-staff-datasets") in analyst
    assert reverse("outreach-staff-mailings") not in analyst
    assert reverse("outreach-staff-mailings") in outreach
    assert reverse("evidence-staff-datasets") not in outreach
    assert reverse("library-staff-resources") not in analyst | outreach


def test_a_group_with_one_page_left_is_shown_as_that_page(django_user_model):
    menu = staff_menu(_member(django_user_model, "ana", DATA_ANALYST))
    # Of the coalition's pages an analyst has only the workgroup rosters: a plain link.
    assert [str(entry.label) for entry in menu if isinstance(entry, StaffGroup)] == ["Data"]
    assert reverse("coalition-my-workgroups") in [
        entry.url for entry in menu if isinstance(entry, StaffLink)]
    user = django_user_model.objects.create_user("solo", "solo@example.org", is_staff=True)
    user.user_permissions.add(*Group.objects.get(name=DATA_ANALYST).permissions.exclude(
        codename="run_student_rules"))
    lone = [entry for entry in staff_menu(user) if isinstance(entry, StaffLink)
            and entry.url == reverse("evidence-staff-datasets")]
    assert lone, "a single data page is a plain link, not a menu of one"


def test_the_open_page_is_marked_in_the_menu_in_spanish(staff_client):
    url = reverse("library-staff-resources").replace("/en/", "/es/")
    html = staff_client.get(url).content.decode()
    start = html.index('class="staff-nav"')
    nav = html[start:html.index("</nav>", start)]
    assert "Páginas del personal" in nav
    assert f'href="{url}" aria-current="page"' in nav


def test_the_menu_never_reaches_a_page_the_person_cannot_open(django_user_model):
    user = _member(django_user_model, "oscar", OUTREACH)
    client = Client()
    client.force_login(user)
    for url in _urls(staff_menu(user)):
        if "/admin/" in url:
            continue
        assert client.get(url).status_code == 200, url
