"""A token opens no more than its user's role: the scope says what the token may touch,
the role what its user may, and the API needs both."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from tests.osdi.conftest import OsdiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition_staff_token(django_user_model, osdi_token) -> str:
    user = django_user_model.objects.create_user("coalition-staff", password="x",
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name="Coalition staff"))
    return osdi_token(("*",), user=user)


def test_a_role_without_the_mailings_cannot_read_them_with_an_all_scopes_token(
        coalition_staff_token):
    client = OsdiClient(coalition_staff_token)
    assert client.get("people").status_code == 200
    response = client.get("messages")
    assert response.status_code == 403
    assert "outreach.view_mailing" in response.json()["error"]


def test_the_entry_point_lists_only_what_the_role_may_read(coalition_staff_token):
    links = OsdiClient(coalition_staff_token).get("").json()["_links"]
    assert {"osdi:people", "osdi:petitions", "osdi:forms", "osdi:events",
            "osdi:person_signup_helper"} <= set(links)
    assert not {"osdi:messages", "osdi:lists", "osdi:tags", "osdi:questions",
                "osdi:advocacy_campaigns"} & set(links)


def test_a_staff_member_with_no_role_gets_nothing_but_the_entry_point(
        django_user_model, osdi_token):
    user = django_user_model.objects.create_user("no-role", password="x", is_staff=True)
    client = OsdiClient(osdi_token(("*",), user=user))
    links = client.get("").json()["_links"]
    assert not any(name.startswith("osdi:") for name in links)
    assert client.get("people").status_code == 403
    response = client.post("people", {"person": {"email_addresses": [
        {"address": "ana@example.org"}]}})
    assert response.status_code == 403
    from alianza.coalition.models import Person

    assert not Person.objects.filter(email="ana@example.org").exists()


def test_writing_needs_the_roles_write_permission_too(django_user_model, osdi_token):
    # Outreach staff may see people (to build segments) but not change them.
    user = django_user_model.objects.create_user("outreach", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Outreach"))
    client = OsdiClient(osdi_token(("*",), user=user))
    assert client.get("people").status_code == 200
    response = client.post("people", {"person": {"email_addresses": [
        {"address": "ana@example.org"}]}})
    assert response.status_code == 403
    assert "coalition.change_person" in response.json()["error"]


def test_a_permission_given_to_the_user_alone_counts_as_a_roles_does(
        django_user_model, osdi_token):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("direct", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(
        content_type__app_label="outreach", codename="view_mailing"))
    client = OsdiClient(osdi_token(("*",), user=user))
    assert client.get("messages").status_code == 200
    assert client.get("people").status_code == 403


def test_a_role_taken_away_closes_the_api_on_the_next_request(coalition_staff_token,
                                                               django_user_model):
    client = OsdiClient(coalition_staff_token)
    assert client.get("people").status_code == 200
    django_user_model.objects.get(username="coalition-staff").groups.clear()
    assert client.get("people").status_code == 403


def _person(**extra) -> dict:
    return {"person": {"given_name": "Rosa", "family_name": "Martínez",
                       "email_addresses": [{"address": "rosa@example.org"}]}, **extra}


@pytest.mark.parametrize("what", ["signup", "petition signature", "attendance"])
def test_tags_sent_with_an_action_need_the_roles_permission_to_tag(
        what, coalition_staff_token, statement):
    # Coalition staff may sign people up, register them and record signatures, but on the
    # staff pages only outreach staff tag people: tags sent along are refused, not slipped
    # in, and nothing of the request is kept.
    from alianza.coalition.models import JoinSubmission, Person
    from alianza.convenings.models import Registration
    from alianza.outreach.models import Tag, Tagging
    from tests.convenings.factories import event_create

    Tag.objects.create(slug="volunteer", name="Volunteer")
    Person.objects.create(email="rosa@example.org", name="Rosa Martínez")
    path = {"signup": "people",
            "petition signature": f"petitions/{statement.uuid}/signatures",
            "attendance": f"events/{event_create().uuid}/attendances"}[what]
    client = OsdiClient(coalition_staff_token)
    response = client.post(path, _person(add_tags=["volunteer"]))
    assert response.status_code == 403
    assert re.search(r"outreach\.(view|change)_tag\b", response.json()["error"])
    assert not Tagging.objects.exists()
    assert not Registration.objects.exists() and not JoinSubmission.objects.exists()
    assert client.post(path, _person()).status_code in {200, 202}


def test_tags_sent_with_a_signup_need_the_tokens_tags_scope(osdi_token):
    from alianza.outreach.models import Tag, Tagging

    Tag.objects.create(slug="volunteer", name="Volunteer")
    client = OsdiClient(osdi_token(("people:write",)))
    response = client.post("people", _person(remove_tags=["volunteer"]))
    assert response.status_code == 403 and "tags:write" in response.json()["error"]
    assert client.post("people", _person()).status_code == 200
    assert not Tagging.objects.exists()
