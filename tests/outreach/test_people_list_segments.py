"""A people-list query saved as a segment: a mailing reaches exactly the filtered people who
consented to email, and follows the filters as people change."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import Consent, Person
from alianza.outreach.models import Segment, Tag
from alianza.outreach.selectors import segment_resolve

pytestmark = pytest.mark.django_db

ACTION = reverse("coalition-people-action")


def person(key: str, language: str, *, consent: bool | None) -> Person:
    someone = Person.objects.create(name=key.title(), email=f"{key}@example.org",
                                    preferred_language=language,
                                    email_confirmed_at=timezone.now())
    if consent is not None:
        Consent.objects.create(person=someone, kind="email", scope="updates", granted=consent,
                               wording="Send me updates", language=language, source="test")
    return someone


@pytest.fixture
def tagged(db) -> dict[str, Person]:
    tag = Tag.objects.create(slug="parents", name="Parents")
    found = {
        "ana": person("ana", "es", consent=True),
        "cruz": person("cruz", "es-MX", consent=True),
        "dora": person("dora", "es", consent=None),  # no consent at all
        "eva": person("eva", "es", consent=False),  # withdrew
        "bea": person("bea", "en", consent=True),  # English: filtered out
    }
    tag.people.add(*found.values())
    person("fede", "es", consent=True)  # not tagged
    return found


def save_segment(client, query: str, name: str = "Spanish-speaking parents"):
    return client.post(ACTION, {"action": "segment", "segment-segment_name": name,
                                "people_query": query}, follow=True)


def test_the_saved_segment_reaches_the_filtered_people_with_email_consent(staff_client,
                                                                         tagged):
    response = save_segment(staff_client, "tag=parents&language=es&sort=email")

    segment = Segment.objects.get(name="Spanish-speaking parents")
    assert segment.definition == {"people_query": "language=es&tag=parents"}
    assert "Saved as the segment" in response.content.decode()
    listed = staff_client.get(reverse("coalition-people"), {"tag": "parents", "language": "es"})
    filtered = {p.email for p, _l, _a in listed.context["rows"]}
    with_consent = {p.email for p in Person.objects.filter(
        email__in=filtered, consents__kind="email", consents__granted=True)} - {
        "eva@example.org"}

    resolution = segment_resolve(definition=segment.definition)

    assert {r.address for r in resolution.recipients} == with_consent == {
        "ana@example.org", "cruz@example.org"}
    assert resolution.excluded["no_consent"] == 1
    assert resolution.excluded["unsubscribed"] == 1


def test_the_segment_follows_the_filters_as_people_change(staff_client, tagged):
    save_segment(staff_client, "tag=parents&language=es")
    segment = Segment.objects.get()
    newcomer = person("gil", "es", consent=True)
    Tag.objects.get(slug="parents").people.add(newcomer)

    reached = {r.address for r in segment_resolve(definition=segment.definition).recipients}

    assert "gil@example.org" in reached


def test_the_segment_page_describes_the_filters_and_keeps_them_when_saved(staff_client,
                                                                         tagged):
    save_segment(staff_client, "tag=parents&language=es")
    segment = Segment.objects.get()
    url = reverse("outreach-staff-segment", args=[segment.pk])

    page = staff_client.get(url).content.decode()
    assert "Tag: Parents" in page and "Preferred language: Español" in page
    staff_client.post(url, {"name": "Renamed", "people_query": "language=es&tag=parents",
                            "action": "save"})

    segment.refresh_from_db()
    assert (segment.name, segment.definition) == ("Renamed", {
        "people_query": "language=es&tag=parents"})


def test_a_segment_name_in_use_is_refused_with_a_message(staff_client, tagged):
    Segment.objects.create(name="Parents", definition={"tags": ["parents"]})

    response = save_segment(staff_client, "tag=parents", name="parents")

    assert "Another segment already has this name." in response.content.decode()
    assert Segment.objects.count() == 1
