"""Email goes through an outbox: nothing is lost when the mail server fails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from alianza.core.models import OutboundEmail
from alianza.core.services import email_deliver_now, email_queue, email_retry_due, retry_delay

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def queue_confirmation(language: str = "es") -> OutboundEmail:
    with transaction.atomic():
        return email_queue(
            to="ana@example.org", template="coalition/email/confirm",
            context={"person": {"name": "Ana"}, "confirm_url": "http://x/confirm/abc/"},
            language=language, purpose="test",
        )


def test_a_queued_email_is_rendered_in_the_recipients_language(smtp_server):
    queue_confirmation("es-MX")

    message = smtp_server.to("ana@example.org")[0]
    assert message["Content-Language"] == "es"
    assert "Hola, Ana:" in smtp_server.body(message)


def test_temporary_failures_are_retried_with_growing_delays(smtp_server):
    smtp_server.fail_next = 2

    outbound = queue_confirmation()
    outbound.refresh_from_db()

    assert outbound.status == OutboundEmail.Status.PENDING
    assert outbound.attempts == 1
    assert outbound.next_attempt_at > timezone.now()
    assert retry_delay(1) < retry_delay(2) < retry_delay(3)
    assert email_retry_due() == 0  # not due yet

    OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert email_retry_due() == 0  # the second attempt fails too
    OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert email_retry_due() == 1

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT and outbound.attempts == 3
    assert len(smtp_server.to("ana@example.org")) == 1


def test_an_email_is_given_up_after_the_last_attempt(smtp_server, settings):
    settings.EMAIL_MAX_ATTEMPTS = 1
    smtp_server.fail_next = 1

    outbound = queue_confirmation()
    outbound.refresh_from_db()

    assert outbound.status == OutboundEmail.Status.FAILED
    assert "451" in outbound.last_error


def test_a_sent_email_is_never_sent_twice(smtp_server):
    outbound = queue_confirmation()

    assert email_deliver_now(outbound_id=outbound.pk) is False
    assert len(smtp_server.messages) == 1


def test_the_database_worker_delivers_queued_email(smtp_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    outbound = queue_confirmation()
    assert smtp_server.messages == []  # waiting for the worker

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
    assert len(smtp_server.to("ana@example.org")) == 1


INVITATION = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Alianza//test//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:1@alianza.test\r\nDTSTAMP:20261201T000000Z\r\n"
    "DTSTART:20261210T170000Z\r\nSUMMARY:Convocatoria\r\nSEQUENCE:0\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_an_invitation_travels_as_a_calendar_part_and_an_ics_attachment(smtp_server):
    with transaction.atomic():
        email_queue(
            to="ana@example.org", template="coalition/email/confirm",
            context={"person": {"name": "Ana"}, "confirm_url": "http://x/confirm/abc/"},
            language="es", purpose="test", calendar=INVITATION,
        )

    message = smtp_server.to("ana@example.org")[0]
    parts = list(message.walk())
    calendar_parts = [p for p in parts if p.get_content_type() == "text/calendar"]
    inline = [p for p in calendar_parts if p.get_filename() is None]
    attached = [p for p in calendar_parts if p.get_filename() == "invite.ics"]
    assert inline and inline[0].get_param("method") == "REQUEST"
    assert attached and "SUMMARY:Convocatoria" in attached[0].get_content()
    assert "Hola, Ana:" in smtp_server.body(message)
