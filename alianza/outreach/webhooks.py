"""Outreach's webhook events: a person joining (confirmed) or leaving an email list."""

from __future__ import annotations

from alianza.core.webhooks import events
from alianza.core.webhooks.events import identifiers, osdi_payload, osdi_person
from alianza.core.webhooks.services import webhook_event_emit


def subscription_emit(*, subscription, person, subscribed: bool, source: str = "") -> int:
    """``person.subscribed`` or ``person.unsubscribed`` for one list."""
    def payload() -> list:
        from alianza.outreach.selectors import mailing_list_name

        mailing_list = subscription.mailing_list
        return osdi_payload(
            "alianza:subscription", subscription,
            created=subscription.confirmed_at if subscribed else subscription.unsubscribed_at,
            status="subscribed" if subscribed else "unsubscribed",
            source=source or subscription.source,
            list={"identifiers": identifiers(mailing_list), "slug": mailing_list.slug,
                  "name": mailing_list_name(mailing_list, "en")},
            person=osdi_person(person))

    return webhook_event_emit(
        event=events.PERSON_SUBSCRIBED if subscribed else events.PERSON_UNSUBSCRIBED,
        payload=payload)
