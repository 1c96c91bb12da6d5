"""Convenings' webhook event: someone registered for an event (a seat, or the waitlist)."""

from __future__ import annotations

from alianza.core.i18n import pick_text
from alianza.core.webhooks import events
from alianza.core.webhooks.events import identifiers, osdi_payload, osdi_person
from alianza.core.webhooks.services import webhook_event_emit


def registration_emit(*, registration) -> int:
    def payload() -> list:
        event = registration.event
        text = pick_text(event.texts.all(), "en")
        return osdi_payload(
            "osdi:attendance", registration,
            # OSDI's attendance statuses: "accepted", or "tentative" for the waitlist.
            status="accepted" if registration.status == "confirmed" else "tentative",
            waitlisted=registration.status == "waitlisted",
            needs_interpretation=registration.needs_interpretation,
            organization_name=registration.organization_name,
            event={"identifiers": identifiers(event), "slug": event.slug,
                   "title": getattr(text, "title", "") or event.slug,
                   "start_date": event.starts_at.isoformat()},
            person=osdi_person(registration.person, name=registration.name,
                               email=registration.email, language=registration.language))

    return webhook_event_emit(event=events.REGISTRATION_CREATED, payload=payload)
