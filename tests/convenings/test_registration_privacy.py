"""Registrations are personal data: part of a person's export and of their erasure."""

from __future__ import annotations

import pytest

from alianza.coalition.models import Person
from alianza.coalition.services.privacy import person_data_export, person_erase
from alianza.convenings.models import Registration
from alianza.convenings.services import registration_create
from tests.convenings import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_persons_export_includes_registrations_made_with_their_address(staff_user):
    person = Person.objects.create(email="rosa@example.org", name="Rosa")
    event = factories.event_create(slug="spring")
    registration_create(event=event, name="Rosa", email="ROSA@example.org", language="es",
                        accessibility_needs="Wheelchair access")

    data = person_data_export(person=person, actor=staff_user, reason="She asked by email")

    [row] = data["convenings"]
    assert row["event"] == "spring" and row["accessibility_needs"] == "Wheelchair access"


def test_erasure_blanks_registrations_and_gives_the_seat_to_the_next_in_line(
        staff_user, smtp_server):
    person = Person.objects.create(email="rosa@example.org", name="Rosa")
    event = factories.event_create(capacity=1)
    registration_create(event=event, name="Rosa", email="rosa@example.org", language="en",
                        accessibility_needs="Wheelchair access")
    registration_create(event=event, name="Beto", email="beto@example.org", language="en")

    person_erase(person=person, actor=staff_user, reason="She asked by email",
                 confirmation="rosa@example.org")

    assert not Registration.objects.filter(email="rosa@example.org").exists()
    erased = Registration.objects.get(name="")
    assert erased.status == "cancelled" and erased.accessibility_needs == ""
    assert Registration.objects.get(email="beto@example.org").status == "confirmed"
    assert "rosa@example.org" not in [m["To"] for m in smtp_server.messages[2:]]
