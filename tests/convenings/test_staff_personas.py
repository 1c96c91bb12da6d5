"""Every staff event page, visited by every persona: only the right permission opens it.

The pages are found by walking the events URLconf, like tests/core/test_staff_personas.py
does for the other staff areas, so a page added later is covered the day it appears.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from alianza.core.roles import ROLES
from tests.convenings.pages import PUBLIC_PAGES
from tests.convenings.staff_factories import make_event, register
from tests.core import test_staff_personas as personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_pages(monkeypatch) -> list:
    monkeypatch.setattr(personas, "STAFF_AREAS", ("alianza.convenings.urls",))
    pages = [p for p in personas.area_pages() if p.name not in PUBLIC_PAGES]
    assert {"events-staff-list", "events-staff-checkin", "events-staff-export-xlsx"} <= {
        p.name for p in pages}
    return pages


@pytest.fixture
def urls(event_pages) -> dict[str, str]:
    # A past event, so that every page it has (attaching resources too) is reachable.
    event = make_event(days=-2)
    person = register(event, "Ana Ruiz")
    found = {}
    for page in event_pages:
        kwargs = {}
        for key in page.pattern.pattern.converters:
            kwargs[key] = person.pk if key == "registration_pk" else event.pk
        found[page.name] = reverse(page.name, kwargs=kwargs)
    return found


def test_every_staff_event_page_names_a_permission_a_role_holds(event_pages):
    held = {perm for perms in ROLES.values() for perm in perms}
    for page in event_pages:
        assert page.rule is not None and page.rule.perms, f"{page} is not guarded"
        assert set(page.rule.perms) <= held, page


def test_anonymous_visitors_are_sent_to_log_in(client, urls):
    for name, url in urls.items():
        response = personas.visit(client, url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"], name


def test_outsiders_and_other_roles_are_refused(django_user_model, event_pages, urls):
    clients = {"parent": personas.login(django_user_model, "parent"),
               "clerk": personas.login(django_user_model, "clerk", staff=True)}
    members = personas.role_members(django_user_model)
    for page in event_pages:
        for who, client in clients.items():
            response = personas.visit(client, urls[page.name])
            assert response.status_code == 403, f"{page} as {who}"
            personas.assert_private(response, page)
        for role, perms in ROLES.items():
            response = personas.visit(members[role], urls[page.name])
            if set(page.rule.perms) <= set(perms):
                assert response.status_code in (200, 302, 400), f"{page} as {role}"
            else:
                assert response.status_code == 403, f"{page} as {role}"
            personas.assert_private(response, page)


def test_each_page_opens_with_its_own_permission_only(django_user_model, event_pages, urls):
    everything = {f"{p.content_type.app_label}.{p.codename}": p
                  for p in Permission.objects.select_related("content_type")}
    for index, page in enumerate(event_pages):
        others = [perm for key, perm in everything.items() if key not in page.rule.perms]
        client = personas.login(django_user_model, f"almost{index}", staff=True, perms=others)
        assert personas.visit(client, urls[page.name]).status_code == 403, page
        own = [everything[key] for key in page.rule.perms]
        client = personas.login(django_user_model, f"only{index}", staff=True, perms=own)
        assert personas.visit(client, urls[page.name]).status_code in (200, 302, 400), page
