"""The outreach module's part of a person's data, for export and erasure (core.privacy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from alianza.outreach.models import Delivery, MailingEvent, Subscription, Suppression


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _addresses(person) -> Q:
    condition = Q(pk__in=[])
    for address in [person.email, *person.other_emails.values_list("email", flat=True)]:
        condition |= Q(address__iexact=address)
    return condition


def outreach_export(person) -> dict[str, Any]:
    return {
        "subscriptions": [
            {"list": s.mailing_list.slug, "status": s.status, "source": s.source,
             "wording": s.wording, "language": s.language, "requested_at": _when(s.created_at),
             "confirmed_at": _when(s.confirmed_at), "unsubscribed_at": _when(s.unsubscribed_at)}
            for s in Subscription.objects.filter(person=person).select_related("mailing_list")
        ],
        "tags": list(person.outreach_tags.values_list("slug", flat=True)),
        "mailings_received": [
            {"mailing": d.mailing.name, "address": d.address, "status": d.status,
             "sent_at": _when(d.sent_at)}
            for d in Delivery.objects.filter(person=person).select_related("mailing")
        ],
        "mailing_events": [
            {"kind": e.kind, "time": _when(e.created_at)}
            for e in MailingEvent.objects.filter(_addresses(person))
        ],
        "suppressions": [
            {"reason": s.reason, "since": _when(s.created_at), "lifted_at": _when(s.lifted_at)}
            for s in Suppression.objects.filter(_addresses(person))
        ],
    }


def outreach_erase(person) -> dict[str, int]:
    """Subscriptions and tags go; mailing history loses the address and name but stays, so
    that mailing reports keep adding up. Active suppressions stay: they are what stops the
    address being mailed again if it ever comes back in an import."""
    events = MailingEvent.objects.filter(_addresses(person)).update(address="", detail="")
    deliveries = Delivery.objects.filter(person=person).update(
        address="", name="", organization="", error="")
    subscriptions = Subscription.objects.filter(person=person).delete()[0]
    tags = person.outreach_tags.count()
    person.outreach_tags.clear()
    suppressions = Suppression.objects.filter(_addresses(person), lifted_at__isnull=True).count()
    return {"subscriptions_removed": subscriptions, "tags_removed": tags,
            "deliveries_anonymised": deliveries, "events_anonymised": events,
            "suppressions_kept": suppressions}
