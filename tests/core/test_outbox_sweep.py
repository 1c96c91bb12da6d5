"""The outbox sweep delivers what a lost task left behind and forgets old emails."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alianza.core.models import OutboundEmail

pytestmark = [pytest.mark.django_db, pytest.mark.tasks]


def stored(*, status: str, days_old: float, to: str = "ana@example.org") -> OutboundEmail:
    outbound = OutboundEmail.objects.create(
        to=to, language="es", purpose="test", subject="Confirme", body_text="Hola, Ana",
        status=status,
    )
    OutboundEmail.objects.filter(pk=outbound.pk).update(
        created_at=timezone.now() - timedelta(days=days_old))
    return outbound


def test_an_email_whose_delivery_task_was_lost_is_sent_by_the_sweep(smtp_server):
    stored(status=OutboundEmail.Status.PENDING, days_old=0.01)  # no task was ever queued

    call_command("outbox_sweep", stdout=StringIO())

    assert [m["Subject"] for m in smtp_server.to("ana@example.org")] == ["Confirme"]
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_old_sent_and_failed_emails_are_deleted_and_the_rest_kept(settings):
    settings.OUTBOX_MAX_AGE_DAYS = 30
    old_sent = stored(status=OutboundEmail.Status.SENT, days_old=31)
    old_failed = stored(status=OutboundEmail.Status.FAILED, days_old=31)
    recent = stored(status=OutboundEmail.Status.SENT, days_old=29)
    old_pending = stored(status=OutboundEmail.Status.PENDING, days_old=31)
    OutboundEmail.objects.filter(pk=old_pending.pk).update(
        next_attempt_at=timezone.now() + timedelta(hours=1))  # not due: the sweep keeps it

    out = StringIO()
    call_command("outbox_sweep", stdout=out)

    left = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert left == {recent.pk, old_pending.pk}
    assert old_sent.pk not in left and old_failed.pk not in left
    assert "deleted 2" in out.getvalue()


def test_a_retention_too_short_for_the_daily_throttles_is_raised_to_two_days(settings):
    settings.OUTBOX_MAX_AGE_DAYS = 0
    yesterday = stored(status=OutboundEmail.Status.SENT, days_old=1)

    call_command("outbox_sweep", stdout=StringIO())

    assert OutboundEmail.objects.filter(pk=yesterday.pk).exists()
