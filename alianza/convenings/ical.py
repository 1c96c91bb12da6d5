"""iCalendar (RFC 5545) files for events: one event, a registrant's invitation, the feed.

Invitations follow iTIP (RFC 5546): METHOD:REQUEST with the registrant as ATTENDEE and the
coalition as ORGANIZER; a change re-sends REQUEST with a higher SEQUENCE and the same UID,
and a cancellation sends METHOD:CANCEL, so calendars update the entry they already hold.
Times carry the event's own time zone with its VTIMEZONE, so a phone in another zone shows
them right.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from alianza.convenings.models import Event, Registration
from alianza.core.i18n import pick_text
from alianza.core.site import sender_address, site_name

PRODID = "-//Alianza//Convenings//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "alianza.invalid"


def event_uid(event: Event) -> str:
    return f"{event.uid}@{_host()}"


def _page_url(event: Event, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("events-event", kwargs={"slug": event.slug})


def _location(event: Event, *, with_online_link: bool) -> str:
    parts = [event.venue_name, " ".join(event.address.split())]
    place = ", ".join(part for part in parts if part)
    if not place:
        return event.online_url if with_online_link and event.online_url else "Online"
    return place


def _vevent(event: Event, *, language: str, registration: Registration | None,
            cancelled: bool, now: datetime) -> icalendar.Event:
    text = pick_text(event.texts.all(), language)
    online = bool(registration is not None and event.online_url
                  and registration.status == Registration.Status.CONFIRMED)
    tz = event.tz
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", now)
    item.add("sequence", event.sequence)
    item.add("dtstart", event.starts_at.astimezone(tz))
    item.add("dtend", event.ends_at.astimezone(tz))
    item.add("summary", text.title if text else event.slug)
    description = [text.summary if text else ""]
    if online:
        description.append(f"{_online_label(language)}: {event.online_url}")
    page = _page_url(event, language)
    description.append(page)
    item.add("description", "\n\n".join(part for part in description if part))
    item.add("location", _location(event, with_online_link=online))
    item.add("url", page)
    if online:
        # Calendar apps show this as the "join" link (Apple, Google and Outlook read it).
        item.add("conference", event.online_url, parameters={"VALUE": "URI",
                                                             "FEATURE": "VIDEO"})
    item.add("status", "CANCELLED" if cancelled or event.is_cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    item.add("organizer", f"mailto:{sender_address()}", parameters={"CN": site_name()})
    if registration is not None:
        partstat = "DECLINED" if registration.status == Registration.Status.CANCELLED \
            else "ACCEPTED"
        item.add("attendee", f"mailto:{registration.email}", parameters={
            "CN": registration.name or registration.email, "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": partstat, "RSVP": "FALSE",
        })
    return item


def _online_label(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Join online")


def _calendar(method: str | None, events: list[icalendar.Event],
              name: str = "") -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for item in events:
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def event_ics(event: Event, *, language: str, now: datetime | None = None) -> str:
    """The public .ics of one event (no online link: that is for registrants)."""
    now = now or timezone.now()
    return _calendar("PUBLISH", [_vevent(event, language=language, registration=None,
                                         cancelled=False, now=now)])


def registration_ics(registration: Registration, *, method: str = "REQUEST",
                     now: datetime | None = None) -> str:
    """A registrant's own invitation (REQUEST) or its withdrawal (CANCEL)."""
    now = now or timezone.now()
    event = registration.event
    return _calendar(method, [_vevent(
        event, language=registration.language, registration=registration,
        cancelled=method == "CANCEL", now=now)])


def events_feed(events: list[Event], *, language: str, now: datetime | None = None) -> str:
    """The subscribable feed of upcoming events, in one language."""
    now = now or timezone.now()
    with translation.override(language):
        name = f"{site_name()} · {translation.gettext('Events')}"
    return _calendar("PUBLISH", [
        _vevent(event, language=language, registration=None, cancelled=False, now=now)
        for event in events], name=name)
