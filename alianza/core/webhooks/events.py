"""The events an endpoint may subscribe to, and the shape of their payloads.

Payloads follow OSDI / Action Network webhooks where a counterpart exists: a JSON array with
one object keyed by the record's OSDI type (``"osdi:signature"``), holding ``created_date``,
``identifiers`` (when the record has a ``uuid``) and the person it is about. Apps build them
with the helpers below; core knows nothing of the apps' models, only their attributes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SIGNATURE_CONFIRMED = "signature.confirmed"
PERSON_SUBSCRIBED = "person.subscribed"
PERSON_UNSUBSCRIBED = "person.unsubscribed"
SUBMISSION_RECEIVED = "submission.received"
REGISTRATION_CREATED = "registration.created"
OUTREACH_SENT = "outreach.sent"
TEST = "webhook.test"  # sent only by "send a test event", to one endpoint

EVENTS: dict[str, Any] = {
    SIGNATURE_CONFIRMED: _("Signature confirmed (coalition statements)"),
    PERSON_SUBSCRIBED: _("Person subscribed to an email list"),
    PERSON_UNSUBSCRIBED: _("Person unsubscribed from an email list"),
    SUBMISSION_RECEIVED: _("Form submission received (join form, survey contact details)"),
    REGISTRATION_CREATED: pgettext_lazy("convening", "Event registration"),
    OUTREACH_SENT: _("Letter to a legislator sent (action alerts)"),
}
IDENTIFIER_PREFIX = "alianza"


def event_label(event: str) -> str:
    return str(EVENTS.get(event, _("Test event") if event == TEST else event))


def identifiers(obj: Any) -> list[str]:
    """``["alianza:<uuid>"]`` for a record with a ``uuid`` attribute, else nothing."""
    uuid = getattr(obj, "uuid", None)
    return [f"{IDENTIFIER_PREFIX}:{uuid}"] if uuid else []


def osdi_person(person: Any = None, *, name: str = "", email: str = "",
                language: str = "") -> dict[str, Any]:
    """An OSDI person: from a record with ``name``/``email``/``preferred_language``, or the
    values given (a survey respondent who is not on file)."""
    if person is not None:
        name = name or getattr(person, "name", "")
        email = email or getattr(person, "email", "")
        language = language or getattr(person, "preferred_language", "")
    given, _space, family = " ".join((name or "").split()).partition(" ")
    data: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "email_addresses": [{"address": email, "primary": True}] if email else [],
        "languages_spoken": [language] if language else [],
    }
    found = identifiers(person) if person is not None else []
    if found:
        data["identifiers"] = found
    return data


def osdi_payload(kind: str, obj: Any = None, *, created: datetime | None = None,
                 **fields: Any) -> list[dict[str, Any]]:
    """``[{kind: {identifiers, created_date, **fields}}]`` for the record ``obj``."""
    created = created or getattr(obj, "created_at", None) or timezone.now()
    record: dict[str, Any] = {"created_date": created.isoformat()}
    found = identifiers(obj) if obj is not None else []
    if found:
        record["identifiers"] = found
    record.update(fields)
    return [{kind: record}]
