"""Registering for an event through its public page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import Consent, JoinConfirmation, Organization, Person
from alianza.convenings.models import Registration
from alianza.core.models import OutboundEmail
from tests.convenings import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def _post(client, event, language="en", **data):
    form = {"name": "Rosa Díaz", "email": "rosa@example.org", "organization_name": "",
            "language": language, "accessibility_needs": "", **data}
    return client.post(f"/{language}/events/{event.slug}/", form)


def test_a_free_seat_is_held_at_once_and_the_confirmation_carries_the_invitation(
        client, smtp_server):
    event = factories.event_create(capacity=5, online_url="https://meet.example.org/abc")

    response = _post(client, event)

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.waitlist_position is None
    message = smtp_server.to("rosa@example.org")[0]
    assert "You're registered" in message["Subject"]
    body = smtp_server.body(message)
    assert reverse("events-registration", kwargs={"token": registration.token}) in body
    assert "https://meet.example.org/abc" in body
    ics = next(part for part in message.iter_attachments()
               if part.get_filename() == "invite.ics").get_content()
    assert "METHOD:REQUEST" in ics and "https://meet.example.org/abc" in ics
    assert "ATTENDEE" in ics and "mailto:rosa@example.org" in ics


def test_the_page_after_registering_names_the_address_and_nothing_else(client, smtp_server):
    event = factories.event_create()

    page = client.get(_post(client, event)["Location"])

    assert "emailed you the details at rosa@example.org." in page.content.decode()


def test_a_full_event_puts_the_next_person_on_the_waitlist(client, smtp_server):
    event = factories.event_create(capacity=2, online_url="https://meet.example.org/abc")
    factories.fill(event, 2)

    _post(client, event)

    registration = Registration.objects.get(email="rosa@example.org")
    assert registration.status == Registration.Status.WAITLISTED
    assert registration.waitlist_position == 1
    message = smtp_server.to("rosa@example.org")[0]
    assert "waitlist" in message["Subject"]
    assert "Your place in line: 1." in smtp_server.body(message)
    assert "meet.example.org" not in smtp_server.body(message)
    assert not list(message.iter_attachments())


def test_registering_twice_changes_nothing_and_shows_the_same_page(client, smtp_server):
    event = factories.event_create()
    first = _post(client, event)
    Registration.objects.update(emailed_at=timezone.now() - timedelta(minutes=11))

    second = _post(client, event, name="Someone Else", organization_name="Other")

    assert first["Location"] == second["Location"]
    registration = Registration.objects.get()
    assert registration.name == "Rosa Díaz" and registration.organization_name == ""
    messages = smtp_server.to("rosa@example.org")
    assert len(messages) == 2
    assert "You were already registered" in smtp_server.body(messages[1])


def test_a_repeat_within_ten_minutes_sends_no_second_email(client, smtp_server):
    event = factories.event_create()
    _post(client, event)

    response = _post(client, event)

    assert response.status_code == 302
    assert len(smtp_server.to("rosa@example.org")) == 1


def test_the_registration_email_is_in_the_registrants_language(client, smtp_server):
    event = factories.event_create()

    _post(client, event, language="es")

    message = smtp_server.to("rosa@example.org")[0]
    assert "Convocatoria de primavera" in message["Subject"]
    assert "Gracias por inscribirse" in smtp_server.body(message)
    assert "/es/events/r/" in smtp_server.body(message)


@pytest.mark.parametrize("change, message", [
    ({"is_cancelled": True}, "This event has been cancelled."),
    ({"registration_deadline": timezone.now() - timedelta(hours=1)},
     "Registration for this event is closed."),
    ({"registration_opens_at": timezone.now() + timedelta(days=1)},
     "Registration for this event is not open yet."),
])
def test_closed_events_refuse_with_a_clear_message_and_write_nothing(client, change, message):
    event = factories.event_create()
    for field, value in change.items():
        setattr(event, field, value)
    event.save()

    response = _post(client, event)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists() and not OutboundEmail.objects.exists()


def test_a_past_event_takes_no_registrations(client):
    event = factories.event_create(starts_in=timedelta(days=-2))

    response = _post(client, event)

    assert response.status_code == 400
    assert "This event is over." in response.content.decode()
    assert not Registration.objects.exists()


def test_an_unpublished_event_is_not_found(client):
    event = factories.event_create(is_published=False)

    assert client.get(f"/en/events/{event.slug}/").status_code == 404
    assert _post(client, event).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.parametrize("email", ["not-an-address", "josé@example.org", "a@[192.0.2.1]", ""])
def test_malformed_input_is_refused_in_the_readers_language(client, email):
    event = factories.event_create()

    response = _post(client, event, language="es", email=email)

    assert response.status_code == 400
    assert "Revise el formulario" in response.content.decode()
    assert not Registration.objects.exists()


def test_required_questions_must_be_answered_and_choices_are_stored_in_english(
        client, smtp_server):
    event = factories.event_create()
    question = factories.question_create(event, kind="choice", required=True,
                                         choices="Policy\nFamilies",
                                         choices_es="Política\nFamilias")
    assert _post(client, event).status_code == 400

    _post(client, event, language="es", **{f"question_{question.pk}": "Families"})

    assert Registration.objects.get().answers == {str(question.pk): "Families"}


def test_a_registration_never_changes_people_or_organizations_on_file(client, smtp_server):
    person = Person.objects.create(email="rosa@example.org", name="Rosa D.",
                                   preferred_language="en")
    Organization.objects.create(name="Familias Unidas")
    event = factories.event_create()

    _post(client, event, language="es", name="Impostor", organization_name="Familias Unidas")

    person.refresh_from_db()
    assert person.name == "Rosa D." and person.preferred_language == "en"
    assert Organization.objects.count() == 1
    assert Registration.objects.get().person is None


def test_asking_for_updates_records_no_consent_until_the_address_confirms(client, smtp_server):
    event = factories.event_create()

    _post(client, event, wants_updates="on")

    assert not Consent.objects.exists()
    confirmation = JoinConfirmation.objects.get(email="rosa@example.org")
    assert confirmation.payload["receive_updates"] is True
    assert confirmation.payload["updates_wording"] == "Send me email updates from the coalition"
    subjects = [m["Subject"] for m in smtp_server.to("rosa@example.org")]
    assert len(subjects) == 2


def test_bots_filling_the_hidden_field_register_nobody(client):
    event = factories.event_create()

    response = _post(client, event, website_url="http://spam.example")

    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_the_form_is_throttled_per_client_address(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.PUBLIC_FORM_RATE = "2/m"
    event = factories.event_create()

    statuses = [_post(client, event, email=f"p{n}@example.org").status_code for n in range(3)]

    assert statuses[-1] == 429
