"""Registering for an event, leaving it, and moving the waitlist up.

Never oversell: every write that changes who holds a seat first locks the event's row
(``SELECT … FOR UPDATE`` on PostgreSQL) inside the transaction that counts the seats and
writes the registration, so two requests for the last seat are served one after the other.
SQLite needs no lock: its IMMEDIATE transactions (settings) already let one writer at a time.

A public registration is answered the same way whatever is on file (no enumeration): the
truth goes by email to the address typed, at most once per ``RESEND_AFTER`` per event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alianza.convenings import webhooks
from alianza.convenings.models import Event, Registration
from alianza.convenings.selectors import registration_state
from alianza.convenings.services import emails
from alianza.core.email_address import email_address_normalize
from alianza.core.services import supported_language

logger = logging.getLogger(__name__)
RESEND_AFTER = timedelta(minutes=10)

REFUSALS = {
    "cancelled": _("This event has been cancelled."),
    "past": _("This event is over."),
    "closed": _("Registration for this event is closed."),
    "not_open": _("Registration for this event is not open yet."),
    "unpublished": _("This event is not open for registration."),
}


class RegistrationRefused(Exception):
    """Registration is not possible; ``message`` says why, in the reader's language."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = REFUSALS[code]
        super().__init__(code)


@dataclass
class RegistrationOutcome:
    registration: Registration
    created: bool
    emailed: bool


def _locked(event: Event) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    # Read once here for the email and its invitation, while the lock is held anyway.
    prefetch_related_objects([locked], "texts", "hosts")
    return locked


def _confirmed(event: Event) -> int:
    return Registration.objects.filter(event=event,
                                       status=Registration.Status.CONFIRMED).count()


def _next_position(event: Event) -> int:
    # Positions are never reused, so the order of joining survives promotions.
    top = Registration.objects.filter(event=event).aggregate(top=Max("waitlist_position"))
    return (top["top"] or 0) + 1


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    language: str,
    organization_name: str = "",
    needs_interpretation: bool = False,
    accessibility_needs: str = "",
    answers: dict | None = None,
    wants_updates: bool = False,
    now: datetime | None = None,
) -> RegistrationOutcome:
    """Hold a seat for ``email`` (or a place on the waitlist), or return the registration it
    already has, emailing the details either way (throttled).

    Raises ``RegistrationRefused`` when the event takes no registrations, and
    ``ValidationError`` on malformed input; nothing is written then.
    """
    now = now or timezone.now()
    address = email_address_normalize(email)
    language = supported_language(language)
    with transaction.atomic():
        event = _locked(event)
        if not event.is_published:
            raise RegistrationRefused("unpublished")
        confirmed = _confirmed(event)
        state = registration_state(event, confirmed=confirmed, now=now)
        if state not in ("open", "waitlist"):
            raise RegistrationRefused(state)
        existing = Registration.objects.filter(event=event, email=address).exclude(
            status=Registration.Status.CANCELLED).first()
        if existing is not None:
            # The same answer as for a new registration; the details go only by email.
            emailed = existing.emailed_at is None or existing.emailed_at <= now - RESEND_AFTER
            if emailed:
                existing.event = event
                emailed = emails.registration_email(existing, again=True)
            return RegistrationOutcome(existing, created=False, emailed=emailed)
        has_seat = event.capacity is None or confirmed < event.capacity
        registration = Registration(
            event=event, name=" ".join(name.split()), email=address,
            organization_name=" ".join(organization_name.split()), language=language,
            needs_interpretation=needs_interpretation,
            accessibility_needs=accessibility_needs.strip(), answers=answers or {},
            wants_updates=wants_updates,
            status=Registration.Status.CONFIRMED if has_seat else
            Registration.Status.WAITLISTED,
            waitlist_position=None if has_seat else _next_position(event),
            confirmed_at=now if has_seat else None,
        )
        # The constraints were just checked under the lock; skip the extra queries.
        registration.full_clean(validate_constraints=False)
        registration.save()
        webhooks.registration_emit(registration=registration)
        event.confirmed_count = confirmed + has_seat  # spares the email a count
    # Rendered after the event's lock is released: the seat is decided, and the next
    # registrant need not wait for this one's email and invitation to be written. Should
    # queuing fail, ``emailed_at`` stays empty, so registering again sends it at once.
    emails.registration_email(registration)
    if wants_updates:
        _updates_request(registration)
    return RegistrationOutcome(registration, created=True, emailed=True)


def _updates_request(registration: Registration) -> None:
    """Ask the address's owner to confirm email updates, through the coalition's own
    confirmation flow: the consent is recorded only when they open the emailed link."""
    from alianza.coalition.services.confirmations import confirmations_record
    from alianza.coalition.services.signing import JoinRequest
    from alianza.convenings.forms import updates_wording

    try:
        with transaction.atomic():
            confirmations_record(requests=[JoinRequest(
                name=registration.name, email=registration.email,
                language=registration.language, source=f"event:{registration.event.slug}",
                receive_updates=True, updates_wording=updates_wording(registration.language),
            )])
    except Exception:  # noqa: BLE001 - the registration stands; the request can be repeated
        logger.exception("Could not ask registration %s to confirm updates", registration.pk)


def registration_cancel(*, registration: Registration,
                        now: datetime | None = None) -> Registration:
    """Give up a seat or leave the waitlist; a freed seat goes to the next in line at once.

    Cancelling twice changes nothing and sends nothing the second time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status == Registration.Status.CANCELLED:
            return registration
        had_seat = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "modified_at"])
        emails.cancellation_email(registration, had_seat=had_seat)
        if had_seat and not event.is_cancelled and event.ends_at > now:
            _promote(event, now=now)
    return registration


def waitlist_promote(*, event: Event, now: datetime | None = None) -> list[Registration]:
    """Give every free seat to the waitlist, first come first served (for instance after
    staff raise the capacity). Returns who moved up."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(event)
        if event.is_cancelled or event.ends_at <= now:
            return []
        return _promote(event, now=now)


def _promote(event: Event, *, now: datetime) -> list[Registration]:
    """Fill free seats from the waitlist; the caller holds the event's lock."""
    free = None if event.capacity is None else event.capacity - _confirmed(event)
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED).order_by("waitlist_position")
    if free is not None:
        waiting = waiting[:max(free, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.event = event
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = registration.promoted_at = now
        registration.save(update_fields=["status", "confirmed_at", "promoted_at",
                                          "modified_at"])
        emails.promotion_email(registration)
    return promoted

