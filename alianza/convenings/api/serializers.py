"""Events and registrations in the shapes Action Network gives OSDI events and attendances.

Plain functions over a page of rows: each reads what the whole page needs in a few queries
(texts, seat counts, people), never once per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from alianza.coalition.models import Person, PersonEmail
from alianza.convenings.models import Event, Registration
from alianza.core.i18n import pick_text
from alianza.core.osdi import (
    osdi_href,
    osdi_identifiers,
    osdi_identifiers_map,
    osdi_link,
    osdi_time,
)
from alianza.core.osdi.links import osdi_browser_url, osdi_language

ORIGIN = "Alianza"

# Action Network's RSVP statuses, from ours. A waitlisted registrant has asked to come but
# holds no seat yet ("tentative"); one who has not confirmed their address yet "needs
# action". The exact status is given too, as ``alianza:status``.
ATTENDANCE_STATUS = {
    Registration.Status.CONFIRMED: "accepted",
    Registration.Status.WAITLISTED: "tentative",
    Registration.Status.PENDING: "needs action",
    Registration.Status.CANCELLED: "declined",
}


def event_browser_url(event: Event) -> str | None:
    """The public page of a published event; unpublished ones have none."""
    return osdi_browser_url("events-event", slug=event.slug, public=event.is_published)


def _location(event: Event) -> dict[str, Any] | None:
    """Where the event is. Addresses are kept as typed, so they are given as address lines
    rather than guessed apart into city, state and ZIP code."""
    if event.is_online_only:
        return None
    lines = [line.strip() for line in event.address.splitlines() if line.strip()]
    location: dict[str, Any] = {"venue": event.venue_name or None}
    if lines:
        location["address_lines"] = lines
    return location


def _counts(events: list[Event]) -> dict[int, dict[str, int]]:
    statuses = Registration.Status
    rows = (Registration.objects.filter(event__in=events).values("event_id").annotate(
        accepted=Count("pk", filter=Q(status=statuses.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=statuses.WAITLISTED)),
    ))
    return {row["event_id"]: row for row in rows}


def events_serialize(request: HttpRequest, events: Iterable[Event]) -> list[dict[str, Any]]:
    events = list(events)
    if not events:
        return []
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(events, "texts", "questions")
    counts = _counts(events)
    foreign = osdi_identifiers_map(Event, [e.pk for e in events])
    language = osdi_language()
    return [_event(request, event, counts.get(event.pk, {}), foreign.get(event.pk, []),
                   language) for event in events]


def _event(request: HttpRequest, event: Event, counts: dict[str, int], foreign: list[str],
           language: str) -> dict[str, Any]:
    texts = list(event.texts.all())
    text = pick_text(texts, language)
    uuid = str(event.uuid)
    body: dict[str, Any] = {
        "identifiers": osdi_identifiers(event, foreign),
        "origin_system": ORIGIN,
        "created_date": osdi_time(event.created_at),
        "modified_date": osdi_time(event.updated_at),
        "name": event.slug,
        "title": text.title if text else event.slug,
        "description": text.description if text else None,
        "summary": (text.summary or None) if text else None,
        "browser_url": event_browser_url(event),
        "start_date": osdi_time(event.starts_at),
        "end_date": osdi_time(event.ends_at),
        "capacity": event.capacity,
        "total_accepted": counts.get("accepted", 0),
        "status": "cancelled" if event.is_cancelled else "confirmed",
        "visibility": "public" if event.is_published else "private",
        "location": _location(event),
        "alianza:kind": event.kind,
        "alianza:time_zone": event.time_zone,
        "alianza:total_waitlisted": counts.get("waitlisted", 0),
        "alianza:registration_opens_date": osdi_time(event.registration_opens_at),
        "alianza:registration_deadline": osdi_time(event.registration_deadline),
        "alianza:languages": event.language_codes,
        "alianza:interpretation": event.interpretation_codes,
        "alianza:texts": {
            t.language: {"title": t.title, "summary": t.summary or None,
                         "description": t.description or None,
                         "accessibility": t.accessibility or None,
                         "childcare": t.childcare or None}
            for t in texts
        },
        # What the record attendance helper takes as ``alianza:answers`` (by ``id``).
        "alianza:questions": [
            {"id": str(q.pk), "kind": q.kind, "required": q.required,
             "label": {"en": q.label, "es": q.label_es or None},
             "choices": {"en": q.choice_list("en"), "es": q.choice_list("es")}}
            for q in event.questions.all()
        ],
        "_links": {
            "self": osdi_link(request, "events", uuid),
            "osdi:attendances": osdi_link(request, "events", uuid, "attendances"),
            "osdi:record_attendance_helper": osdi_link(request, "events", uuid,
                                                       "attendances"),
        },
    }
    return body


def _people_by_address(registrations: list[Registration]) -> dict[str, Person]:
    """The person record each unlinked registration's address belongs to, if any: public
    registrations keep only the address typed, not a link to a person."""
    addresses = {r.email for r in registrations if r.person_id is None and r.email}
    if not addresses:
        return {}
    found = {p.email: p for p in Person.objects.filter(email__in=addresses)}
    for other in PersonEmail.objects.filter(email__in=addresses - found.keys()
                                            ).select_related("person"):
        found.setdefault(other.email, other.person)
    return found


def _person_uuid(registration: Registration, by_address: dict[str, Person]) -> str | None:
    person = registration.person if registration.person_id else by_address.get(
        registration.email)
    value = getattr(person, "uuid", None) if person is not None else None
    return str(value) if value else None


def attendances_serialize(request: HttpRequest, registrations: Iterable[Registration]
                          ) -> list[dict[str, Any]]:
    registrations = list(registrations)
    if not registrations:
        return []
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(registrations, "event", "person")
    by_address = _people_by_address(registrations)
    foreign = osdi_identifiers_map(Registration, [r.pk for r in registrations])
    return [_attendance(request, r, _person_uuid(r, by_address), foreign.get(r.pk, []))
            for r in registrations]


def _attendance(request: HttpRequest, registration: Registration, person_uuid: str | None,
                foreign: list[str]) -> dict[str, Any]:
    event_uuid = str(registration.event.uuid)
    links: dict[str, Any] = {
        "self": osdi_link(request, "events", event_uuid, "attendances",
                          str(registration.uuid)),
        "osdi:event": osdi_link(request, "events", event_uuid),
    }
    if person_uuid:
        links["osdi:person"] = {"href": osdi_href(request, "people", person_uuid)}
    return {
        "identifiers": osdi_identifiers(registration, foreign),
        "origin_system": ORIGIN,
        "created_date": osdi_time(registration.created_at),
        "modified_date": osdi_time(registration.modified_at),
        "status": ATTENDANCE_STATUS.get(registration.status, "needs action"),
        "alianza:status": registration.status,
        "alianza:waitlist_position": registration.waitlist_position,
        "alianza:language": registration.language,
        "alianza:attended_date": osdi_time(registration.attended_at),
        "alianza:walk_in": registration.is_walk_in,
        "_links": links,
    }
