"""The emails registrants get, each in the registrant's own language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from alianza.convenings import ical
from alianza.convenings.models import Registration
from alianza.convenings.selectors import event_for_reader, waitlist_rank
from alianza.core.services import email_queue


def manage_url(registration: Registration) -> str:
    with translation.override(registration.language):
        return settings.SITE_URL + reverse("events-registration",
                                           kwargs={"token": registration.token})


def _context(registration: Registration, **extra) -> dict:
    event = registration.event
    view = event_for_reader(event, language=registration.language)
    return {
        "registration": registration,
        "event": view,
        "name": registration.name,
        "manage_url": manage_url(registration),
        "event_url": settings.SITE_URL + _translated(registration.language, view.url, event),
        # The online link goes only to people holding a seat.
        "online_url": event.online_url if registration.status ==
        Registration.Status.CONFIRMED else "",
        "position": waitlist_rank(registration),
        **extra,
    }


def _translated(language: str, _path: str, event) -> str:
    with translation.override(language):
        return reverse("events-event", kwargs={"slug": event.slug})


def _send(registration: Registration, template: str, purpose: str, *,
          calendar: str = "", **extra) -> bool:
    """Queue one email; every email to a registrant passes here, so this is where walk-ins
    and placeholder addresses are turned away. Returns whether an email was queued."""
    if not registration.is_emailable:
        return False
    email_queue(
        to=registration.email, template=f"convenings/email/{template}",
        context=_context(registration, **extra), language=registration.language,
        purpose=purpose, calendar=calendar,
    )
    return True


def registration_email(registration: Registration, *, again: bool = False,
                       record: bool = True) -> bool:
    """What a registrant holds: a seat (with the invitation) or a place on the waitlist.
    ``record`` notes the time for the per-address throttle (a new row already holds it).
    Returns whether an email was queued."""
    if not registration.is_emailable:
        return False
    if record:
        registration.emailed_at = timezone.now()
        Registration.objects.filter(pk=registration.pk).update(
            emailed_at=registration.emailed_at)
    if registration.status == Registration.Status.CONFIRMED:
        return _send(registration, "registered", "event-registered", again=again,
                     calendar=ical.registration_ics(registration))
    if registration.status == Registration.Status.WAITLISTED:
        return _send(registration, "waitlisted", "event-waitlisted", again=again)
    return False


def promotion_email(registration: Registration) -> bool:
    return _send(registration, "promoted", "event-promoted",
                 calendar=ical.registration_ics(registration))


def cancellation_email(registration: Registration, *, had_seat: bool) -> bool:
    return _send(registration, "cancelled", "event-registration-cancelled",
                 had_seat=had_seat,
                 calendar=ical.registration_ics(registration, method="CANCEL")
                 if had_seat else "")


def update_email(registration: Registration) -> bool:
    return _send(registration, "updated", "event-updated",
                 calendar=ical.registration_ics(registration))


def event_cancelled_email(registration: Registration, *, had_seat: bool) -> bool:
    # Everyone on file gets the CANCEL: a calendar that never held the event ignores it.
    return _send(registration, "event_cancelled", "event-cancelled", had_seat=had_seat,
                 calendar=ical.registration_ics(registration, method="CANCEL"))


def reminder_email(registration: Registration, *, days_before: int) -> bool:
    return _send(registration, "reminder", "event-reminder", days_before=days_before,
                 calendar=ical.registration_ics(registration))
