"""The library's part of a person's data, for export and erasure (core.privacy).

The only personal data the library holds is the press room's media contacts: a name, an
address, a phone number. They are typed in by staff and tied to no person record, so they
are found by every address the person uses.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from alianza.library.models import MediaContact


def _media_contacts(person) -> Q:
    condition = Q(pk__in=[])
    for address in [person.email, *person.other_emails.values_list("email", flat=True)]:
        if address:
            condition |= Q(email__iexact=address.strip())
    return condition


def library_export(person) -> dict[str, Any]:
    return {
        "media_contacts": [
            {"name": c.name, "email": c.email, "phone": c.phone, "role": c.role,
             "role_es": c.role_es, "organization": c.organization, "languages": c.languages,
             "listed_in_press_room": c.is_active}
            for c in MediaContact.objects.filter(_media_contacts(person)).order_by("pk")
        ],
    }


def library_erase(person) -> dict[str, int]:
    """A media contact is nothing but the person's details, so it goes whole (and off the
    press room); nothing else points at it."""
    return {"media_contacts_removed":
            MediaContact.objects.filter(_media_contacts(person)).delete()[0]}
