"""Media contacts are personal data: part of a person's export and of their erasure."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.coalition.models import Person
from alianza.coalition.services.privacy import person_data_export, person_erase
from alianza.library.models import MediaContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> Person:
    person = Person.objects.create(email="rosa@example.org", name="Rosa Méndez")
    person.other_emails.create(email="rosa.mendez@padres.example.org")
    return person


def _contact(name: str, email: str, **fields) -> MediaContact:
    return MediaContact.objects.create(name=name, email=email, **fields)


def test_a_persons_export_includes_the_media_contacts_under_their_addresses(
        person, staff_user):
    _contact("Rosa Méndez", "ROSA@example.org", phone="559-555-0142", role="Spokesperson",
             role_es="Vocera", organization="Padres Unidos", languages="English, Spanish")
    _contact("Rosa M.", "rosa.mendez@padres.example.org", is_active=False)
    _contact("Someone Else", "press@example.org", phone="559-555-0100")

    data = person_data_export(person=person, actor=staff_user, reason="She asked by email")

    contacts = sorted(data["library"]["media_contacts"], key=lambda row: row["name"])
    assert [row["name"] for row in contacts] == ["Rosa M.", "Rosa Méndez"]
    assert contacts[1] == {
        "name": "Rosa Méndez", "email": "ROSA@example.org", "phone": "559-555-0142",
        "role": "Spokesperson", "role_es": "Vocera", "organization": "Padres Unidos",
        "languages": "English, Spanish", "listed_in_press_room": True,
    }
    assert contacts[0]["listed_in_press_room"] is False


def test_erasure_removes_the_persons_media_contacts_and_keeps_the_others(
        person, staff_user, client):
    _contact("Rosa Méndez", "rosa@example.org", phone="559-555-0142")
    _contact("Rosa M.", "Rosa.Mendez@padres.example.org")
    _contact("Someone Else", "press@example.org", phone="559-555-0100")

    log = person_erase(person=person, actor=staff_user, reason="She asked by email",
                       confirmation="rosa@example.org")

    assert list(MediaContact.objects.values_list("name", flat=True)) == ["Someone Else"]
    assert log.summary["library"] == {"media_contacts_removed": 2}
    press_room = client.get(reverse("library-press")).content.decode()
    assert "Someone Else" in press_room and "559-555-0142" not in press_room
