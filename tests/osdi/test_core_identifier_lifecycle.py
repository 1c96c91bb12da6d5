"""Foreign identifiers ("action_network:…") follow their row: a merge gives them to the
person kept, an erasure or a delete removes them, so none is left naming nothing."""

from __future__ import annotations

import pytest

from alianza.coalition.models import Person
from alianza.coalition.services.person_merge import person_merge
from alianza.coalition.services.privacy import person_erase
from alianza.core.models import ExternalIdentifier
from alianza.outreach.models import Tag, Tagging

pytestmark = pytest.mark.django_db


def _signup(osdi_post, email: str, *identifiers: str) -> Person:
    response = osdi_post("people", {"person": {"identifiers": list(identifiers),
                                               "email_addresses": [{"address": email}]}})
    assert response.status_code == 200, response.content
    return Person.objects.get(email=email)


def _tag(osdi_post, tag: Tag, person: Person, *identifiers: str) -> Tagging:
    response = osdi_post(f"tags/{tag.uuid}/taggings", {
        "identifiers": list(identifiers),
        "person": {"email_addresses": [{"address": person.email}]}})
    assert response.status_code == 200, response.content
    return Tagging.objects.get(tag=tag, person=person)


def test_a_merged_away_persons_identifiers_name_the_person_kept(osdi_post, osdi_get):
    kept = _signup(osdi_post, "kept@example.org", "action_network:kept")
    duplicate = _signup(osdi_post, "dup@example.org", "action_network:dup", "crm:77")

    record = person_merge(survivor_id=kept.pk, duplicate_id=duplicate.pk, by=None)

    assert record.moved["coalition.external_identifiers"] == 2
    body = osdi_get("people/action_network:dup").json()
    assert body["identifiers"] == [f"alianza:{kept.uuid}", "action_network:kept",
                                   "action_network:dup", "crm:77"]
    assert osdi_get("people/crm:77").json()["identifiers"][0] == f"alianza:{kept.uuid}"


def test_a_merged_away_persons_tagging_identifiers_go_to_the_kept_tagging_of_that_tag(
        osdi_post, osdi_get):
    tag = Tag.objects.create(slug="parents", name="Parents")
    kept = _signup(osdi_post, "kept@example.org")
    duplicate = _signup(osdi_post, "dup@example.org")
    kept_tagging = _tag(osdi_post, tag, kept, "action_network:tagging-kept")
    _tag(osdi_post, tag, duplicate, "action_network:tagging-dup")

    person_merge(survivor_id=kept.pk, duplicate_id=duplicate.pk, by=None)

    body = osdi_get(f"tags/{tag.uuid}/taggings/action_network:tagging-dup").json()
    assert body["identifiers"][0] == f"alianza:{kept_tagging.uuid}"
    assert ExternalIdentifier.objects.count() == 2


def test_erasing_a_person_forgets_the_identifiers_other_systems_gave_them(
        osdi_post, osdi_get):
    person = _signup(osdi_post, "gone@example.org", "action_network:gone")

    entry = person_erase(person=person, actor=None, reason="Asked by email",
                         confirmation="gone@example.org")

    assert entry.summary["external_identifiers"] == {"removed": 1}
    assert not ExternalIdentifier.objects.exists()
    assert osdi_get("people/action_network:gone").status_code == 404
    # The identifier is free again: a new person may be given it.
    newcomer = _signup(osdi_post, "new@example.org", "action_network:gone")
    assert osdi_get("people/action_network:gone").json()["identifiers"][0] == (
        f"alianza:{newcomer.uuid}")


def test_deleting_a_person_deletes_their_identifiers_and_those_of_their_taggings(osdi_post):
    tag = Tag.objects.create(slug="parents", name="Parents")
    person = _signup(osdi_post, "gone@example.org", "action_network:gone")
    _tag(osdi_post, tag, person, "action_network:tagging")
    other = _signup(osdi_post, "stays@example.org", "action_network:stays")

    person.delete()

    assert list(ExternalIdentifier.objects.values_list("value", "object_id")) == [
        ("action_network:stays", other.pk)]


def test_deleting_a_tag_deletes_its_identifiers(osdi_post):
    response = osdi_post("tags", {"name": "Volunteers", "identifiers": ["action_network:t1"]})
    assert response.status_code in (200, 201), response.content

    Tag.objects.get(name="Volunteers").delete()

    assert not ExternalIdentifier.objects.exists()
