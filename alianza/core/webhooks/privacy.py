"""Webhook deliveries name people (their name, address, language): they are part of a
person's data download, and erasing the person deletes them (registered in CoreConfig)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast, Lower

from alianza.core.webhooks.models import WebhookDelivery


def _addresses(person: Any) -> list[str]:
    found = [person.email]
    if hasattr(person, "other_emails"):  # the coalition's Person: every address on file
        found += person.other_emails.values_list("email", flat=True)
    return [address.lower() for address in found if address]


def _naming(person: Any):
    # The payload is JSON text holding the address as typed: compared lower-cased.
    condition = Q(pk__in=[])
    for address in _addresses(person):
        condition |= Q(payload_text__contains=f'"{address}"')
    return WebhookDelivery.objects.annotate(
        payload_text=Lower(Cast("payload", TextField()))).filter(condition)


def webhooks_export(person: Any) -> list[dict[str, Any]]:
    return [{"event": d.event, "receiver": d.endpoint.url, "status": d.status,
             "created_at": d.created_at.isoformat()}
            for d in _naming(person).select_related("endpoint").order_by("pk")]


def webhooks_erase(person: Any) -> dict[str, int]:
    """Deliveries naming the person are deleted, sent or not: what a receiver already has
    is the receiver's to erase, and the staff page says where each went."""
    ids = list(_naming(person).values_list("pk", flat=True))
    return {"webhook_deliveries_removed": WebhookDelivery.objects.filter(pk__in=ids).delete()[0]}
