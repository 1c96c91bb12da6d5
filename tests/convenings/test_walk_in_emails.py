"""Walk-ins were never asked for an email address and never agreed to be written to: no
email about the event ever goes to them, whether or not they gave an address at the door.
What is queued is read from the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alianza.convenings.models import Registration, ReminderSent
from alianza.convenings.services import (
    registration_create,
    reminder_send,
    reminders_queue_due,
)
from alianza.core.models import OutboundEmail
from tests.convenings.staff_factories import coalition_staff_client, make_event, register
from tests.convenings.test_staff_changes import edit_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(django_user_model):
    return coalition_staff_client(django_user_model)


def _walk_ins(coordinator, event) -> list[Registration]:
    """One walk-in who gave no address (a placeholder is stored) and one who gave theirs."""
    url = reverse("events-staff-walk-in", args=[event.pk])
    for name, email in (("Lucía Campos", ""), ("Marco Díaz", "marco@example.org")):
        response = coordinator.post(url, {"name": name, "organization_name": "",
                                          "email": email, "language": "es"})
        assert response.status_code == 302
    walk_ins = list(Registration.objects.filter(event=event, is_walk_in=True))
    assert len(walk_ins) == 2
    return walk_ins


def _recipients() -> list[str]:
    return sorted(OutboundEmail.objects.values_list("to", flat=True))


def test_moving_an_event_emails_the_registrant_and_no_walk_in(coordinator):
    event = make_event(capacity=10)
    register(event, "Ana Ruiz", email="ana@example.org")
    _walk_ins(coordinator, event)

    response = coordinator.post(reverse("events-staff-edit", args=[event.pk]),
                                edit_post(event, venue_name="Fresno Community Hall"))

    assert response.status_code == 302
    assert _recipients() == ["ana@example.org"]


def test_cancelling_an_event_emails_the_registrant_and_no_walk_in(coordinator):
    event = make_event(capacity=10)
    register(event, "Ana Ruiz", email="ana@example.org")
    _walk_ins(coordinator, event)

    response = coordinator.post(reverse("events-staff-cancel", args=[event.pk]),
                                {"confirm": "on"})

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    assert _recipients() == ["ana@example.org"]


def test_reminders_go_to_the_registrant_and_no_walk_in(coordinator):
    event = make_event(days=3)  # only the 7-day reminder is due
    register(event, "Ana Ruiz", email="ana@example.org")
    _walk_ins(coordinator, event)
    long_ago = timezone.now() - timedelta(days=10)
    Registration.objects.update(created_at=long_ago, confirmed_at=long_ago)

    queued = reminders_queue_due()
    for reminder_id in queued:
        reminder_send(reminder_id=reminder_id)

    assert ReminderSent.objects.filter(registration__is_walk_in=True).count() == 0
    assert _recipients() == ["ana@example.org"]


def test_a_reminder_recorded_for_a_walk_in_sends_nothing(coordinator):
    event = make_event(days=0.8)
    walk_in = _walk_ins(coordinator, event)[1]
    reminder = ReminderSent.objects.create(registration=walk_in, days_before=1)

    assert reminder_send(reminder_id=reminder.pk) is False
    assert _recipients() == []


def test_registering_online_with_a_walk_ins_address_sends_them_nothing(coordinator):
    event = make_event(capacity=10)
    walk_in = _walk_ins(coordinator, event)[1]

    outcome = registration_create(event=event, name="Marco Díaz",
                                  email="marco@example.org", language="es")

    assert outcome.registration == walk_in and not outcome.emailed
    assert _recipients() == []
