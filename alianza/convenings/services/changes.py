"""Telling registrants when staff change or cancel an event (walk-ins are never told)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from alianza.convenings.models import Event, Registration
from alianza.convenings.services import emails


def event_update_notify(*, event: Event, changed_by) -> int:
    """Send every confirmed registrant the updated invitation (same UID, higher SEQUENCE),
    so their calendars move the entry. Call it after saving a change of time or place.
    Returns how many were told."""
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        event.refresh_from_db()
        registrations = list(Registration.objects.emailable().filter(
            event=event, status=Registration.Status.CONFIRMED).order_by("pk"))
        for registration in registrations:
            registration.event = event
            emails.update_email(registration)
    return len(registrations)


def event_cancel(*, event: Event, cancelled_by) -> int:
    """Cancel the event and withdraw it from every registrant's calendar (METHOD:CANCEL,
    higher SEQUENCE). Cancelling twice sends nothing the second time. Returns how many
    were told."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.is_cancelled:
            return 0
        Event.objects.filter(pk=event.pk).update(is_cancelled=True,
                                                 sequence=F("sequence") + 1)
        event.refresh_from_db()
        registrations = list(Registration.objects.emailable().filter(
            event=event, status__in=[Registration.Status.CONFIRMED,
                                     Registration.Status.WAITLISTED]).order_by("pk"))
        for registration in registrations:
            registration.event = event
            emails.event_cancelled_email(
                registration, had_seat=registration.status == Registration.Status.CONFIRMED)
    return len(registrations)
