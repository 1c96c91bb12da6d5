"""Moving a merged-away person's subscriptions, deliveries and tags to the person kept."""

from __future__ import annotations

from collections import Counter

from alianza.core.osdi.identifiers import osdi_identifiers_move
from alianza.outreach.models import Delivery, MailingEvent, Subscription, Tag, Tagging

MODELS = ("outreach.Subscription", "outreach.Delivery", "outreach.Tag", "outreach.Tagging")

# Which subscription stays when both records are on the same list. An unsubscribe on
# either record wins outright (see below); otherwise the stronger consent stays.
_RANK = {Subscription.Status.CONFIRMED: 2, Subscription.Status.PENDING: 1,
         Subscription.Status.EXPIRED: 0}


def _kept(first: Subscription, second: Subscription) -> Subscription:
    # Someone who said "stop" from either address is not mailed again until they
    # subscribe anew: a merge never turns an unsubscribe into a subscription.
    for subscription in (first, second):
        if subscription.status == Subscription.Status.UNSUBSCRIBED:
            return subscription
    return max((first, second), key=lambda s: (_RANK.get(s.status, 0),
                                               -(s.confirmed_at or s.created_at).timestamp()))


def outreach_merge(survivor, duplicate) -> dict[str, int]:
    moved: Counter = Counter()
    kept = {s.mailing_list_id: s for s in Subscription.objects.filter(person=survivor)}
    for subscription in Subscription.objects.filter(person=duplicate):
        existing = kept.get(subscription.mailing_list_id)
        if existing is not None:
            moved["subscriptions_combined"] += 1
            if _kept(existing, subscription) is existing:
                subscription.delete()
                continue
            existing.delete()
        subscription.person = survivor
        subscription.save(update_fields=["person"])
        moved["subscriptions"] += 1

    received = {d.mailing_id: d for d in Delivery.objects.filter(person=survivor)}
    for delivery in Delivery.objects.filter(person=duplicate, mailing_id__in=list(received)):
        # The same mailing went to both addresses: one delivery row per person and mailing,
        # so the survivor's stays and takes the other's bounces and unsubscribes along.
        moved["delivery_events"] += MailingEvent.objects.filter(delivery=delivery).update(
            delivery=received[delivery.mailing_id])
        delivery.delete()
        moved["deliveries_combined"] += 1
    moved["deliveries"] += Delivery.objects.filter(person=duplicate).update(person=survivor)

    tags = list(Tag.objects.filter(people=duplicate))
    survivor.outreach_tags.add(*tags)
    # A tagging another system named ("action_network:…") is the survivor's tagging of the
    # same tag now; clearing the duplicate's would otherwise delete those identifiers.
    kept_taggings = dict(Tagging.objects.filter(person=survivor).values_list("tag_id", "pk"))
    for tag_id, pk in Tagging.objects.filter(person=duplicate).values_list("tag_id", "pk"):
        moved["tagging_identifiers"] += osdi_identifiers_move(
            Tagging, from_pk=pk, to_pk=kept_taggings[tag_id])
    duplicate.outreach_tags.clear()
    moved["tags"] = len(tags)
    return dict(moved)
