"""Reminders 7 days and 1 day before, each sent once, through `manage.py events_tick`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from alianza.convenings.models import Registration, ReminderSent
from alianza.convenings.services import reminder_send, reminders_queue_due
from tests.convenings import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def _held(registration, days_ago):
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago),
        confirmed_at=timezone.now() - timedelta(days=days_ago))


def test_a_reminder_goes_out_once_in_the_registrants_language_with_the_online_link(
        smtp_server):
    event = factories.event_create(starts_in=timedelta(days=6, hours=20),
                                   online_url="https://meet.example.org/join")
    rosa = factories.registration_create(event, email="rosa@example.org", language="es")
    _held(rosa, 10)

    call_command("events_tick", verbosity=0)
    call_command("events_tick", verbosity=0)

    messages = smtp_server.to("rosa@example.org")
    assert len(messages) == 1
    assert messages[0]["Subject"] == "En 7 días: Convocatoria de primavera"
    assert "https://meet.example.org/join" in smtp_server.body(messages[0])
    assert ReminderSent.objects.get().days_before == 7


def test_the_day_before_brings_the_second_reminder_and_only_that(smtp_server):
    event = factories.event_create(starts_in=timedelta(hours=20))
    rosa = factories.registration_create(event, email="rosa@example.org")
    _held(rosa, 10)
    ReminderSent.objects.create(registration=rosa, days_before=7, emailed_at=timezone.now())

    reminders_queue_due()

    assert [m["Subject"] for m in smtp_server.to("rosa@example.org")] == [
        "Tomorrow: Spring Convening"]


def test_people_who_registered_inside_the_window_get_only_the_later_reminder(smtp_server):
    event = factories.event_create(starts_in=timedelta(days=3))
    factories.registration_create(event, email="late@example.org")

    assert reminders_queue_due() == []
    assert not smtp_server.to("late@example.org")


def test_waitlisted_cancelled_and_cancelled_events_get_no_reminder(smtp_server):
    event = factories.event_create(starts_in=timedelta(hours=20), capacity=1)
    for status in ("waitlisted", "cancelled"):
        _held(factories.registration_create(event, status=status,
                                            waitlist_position=1 if status == "waitlisted"
                                            else None), 10)
    gone = factories.event_create(starts_in=timedelta(hours=20), is_cancelled=True)
    _held(factories.registration_create(gone), 10)

    assert reminders_queue_due() == []
    assert not smtp_server.messages


def test_running_a_reminder_task_twice_sends_one_email(smtp_server):
    event = factories.event_create(starts_in=timedelta(hours=20))
    factories.registration_create(event, email="rosa@example.org")
    reminder_id = ReminderSent.objects.create(
        registration=Registration.objects.get(), days_before=1).pk

    assert reminder_send(reminder_id=reminder_id) is True
    assert reminder_send(reminder_id=reminder_id) is False

    assert len(smtp_server.to("rosa@example.org")) == 1
