"""Reminders before an event: EVENT_REMINDER_DAYS before it starts (default 7 and 1 days),
each sent once to each confirmed registrant (never a walk-in), in their language, with the
online link."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from alianza.convenings.models import Registration, ReminderSent
from alianza.convenings.services import emails

STALE_AFTER = timedelta(minutes=10)  # a reminder task that has not run by then is re-queued


def reminder_days() -> list[int]:
    raw = str(getattr(settings, "EVENT_REMINDER_DAYS", "7,1"))
    days = {int(part) for part in raw.split(",") if part.strip().isdigit()}
    return sorted((d for d in days if d > 0), reverse=True)


def reminders_queue_due(*, now: datetime | None = None) -> list[int]:
    """Record each reminder that has come due and queue its email (as a task, on commit).

    A reminder ``d`` days before is due once the event is less than ``d`` days away, for
    people who held their seat before that moment (someone registering the day before gets
    the 1-day reminder, not a 7-day one too). Returns the ids of the reminders queued,
    including ones recorded earlier whose task never ran.
    """
    from alianza.convenings.tasks import reminder_send_task
    from alianza.core.tasks_compat import task_enqueue

    now = now or timezone.now()
    queued: list[int] = []
    for days in reminder_days():
        window = timedelta(days=days)
        due = Registration.objects.emailable().annotate(
            held_since=Coalesce("confirmed_at", "created_at"),
        ).filter(
            status=Registration.Status.CONFIRMED, event__is_published=True,
            event__is_cancelled=False, event__starts_at__gt=now,
            event__starts_at__lte=now + window,
            held_since__lt=F("event__starts_at") - window,
        ).exclude(reminders__days_before=days).values_list("pk", flat=True)
        for registration_id in due.iterator():
            try:
                with transaction.atomic():
                    reminder = ReminderSent.objects.create(
                        registration_id=registration_id, days_before=days)
            except IntegrityError:  # another tick recorded it first
                continue
            queued.append(reminder.pk)
    stale = ReminderSent.objects.filter(emailed_at__isnull=True,
                                        sent_at__lt=now - STALE_AFTER)
    queued.extend(pk for pk in stale.values_list("pk", flat=True) if pk not in queued)
    for reminder_id in queued:
        transaction.on_commit(lambda pk=reminder_id: task_enqueue(reminder_send_task, pk))
    return queued


def reminder_send(*, reminder_id: int, now: datetime | None = None) -> bool:
    """Queue one reminder's email, once: a second run finds it already emailed."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ReminderSent.objects.filter(pk=reminder_id, emailed_at__isnull=True).update(
            emailed_at=now)
        if not claimed:
            return False
        reminder = ReminderSent.objects.select_related("registration__event").get(
            pk=reminder_id)
        registration = reminder.registration
        event = registration.event
        # Things may have changed since it was recorded.
        if (registration.status != Registration.Status.CONFIRMED or event.is_cancelled
                or event.starts_at <= now):
            return False
        return emails.reminder_email(registration, days_before=reminder.days_before)
