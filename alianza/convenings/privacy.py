"""The convenings module's part of a person's data, for export and erasure (core.privacy).

Registrations are found by the person's record and by every address they use: a public
registration is never tied to a person record, only to the address typed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from alianza.convenings.models import Registration


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _registrations(person) -> Q:
    addresses = [person.email, *person.other_emails.values_list("email", flat=True)]
    return Q(person=person) | Q(email__in=[a.strip().lower() for a in addresses if a])


def convenings_export(person) -> list[dict[str, Any]]:
    return [
        {"event": r.event.slug, "status": r.status, "name": r.name, "email": r.email,
         "organization": r.organization_name, "language": r.language,
         "needs_interpretation": r.needs_interpretation,
         "accessibility_needs": r.accessibility_needs, "answers": r.answers,
         "registered_at": _when(r.created_at), "confirmed_at": _when(r.confirmed_at),
         "cancelled_at": _when(r.cancelled_at), "attended_at": _when(r.attended_at)}
        for r in Registration.objects.filter(_registrations(person)).select_related("event")
    ]


def convenings_erase(person) -> dict[str, int]:
    """Registrations lose everything that identifies the person but stay, cancelled if they
    were still live, so seat counts and attendance figures keep adding up."""
    from alianza.convenings.services import waitlist_promote

    rows = Registration.objects.filter(_registrations(person)).select_related("event")
    count, freed = 0, set()
    for registration in rows:
        live = registration.status != Registration.Status.CANCELLED
        # A unique, meaningless address keeps the one-live-registration rule satisfied.
        registration.email = f"erased-{registration.pk}@invalid.invalid"
        registration.name = ""
        registration.organization_name = ""
        registration.accessibility_needs = ""
        registration.answers = {}
        registration.person = None
        registration.organization = None
        if live:
            if registration.status == Registration.Status.CONFIRMED:
                freed.add(registration.event)
            registration.status = Registration.Status.CANCELLED
        registration.save()
        count += 1
    for event in freed:  # the seats they held go to the waitlist, as on any cancellation
        waitlist_promote(event=event)
    return {"registrations_anonymised": count}
