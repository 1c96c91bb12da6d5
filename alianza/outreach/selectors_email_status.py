"""A person's email status in Action Network's words, from our consent and suppressions.

Our meaning of each status (docs/api.md says the same):

- ``subscribed``: bulk email may go to the person now — their newest general email
  consent is a grant, or they confirmed a mailing list and have not unsubscribed from
  everything since;
- ``bouncing``: the address is suppressed after bounces (or was undeliverable in an
  imported file);
- ``spam complaint``: the address is suppressed after a spam complaint;
- ``unsubscribed``: anything else — they withdrew, never consented, have not confirmed
  yet, or staff suppressed the address by hand.

An active suppression decides, whatever the consent records say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alianza.coalition.models import Person
from alianza.outreach.models import Subscription, Suppression
from alianza.outreach.selectors_consent import general_email_consents

SUBSCRIBED = "subscribed"
UNSUBSCRIBED = "unsubscribed"
BOUNCING = "bouncing"
SPAM_COMPLAINT = "spam complaint"

_SUPPRESSION_STATUS = {
    Suppression.Reason.HARD_BOUNCE: BOUNCING,
    Suppression.Reason.SOFT_BOUNCES: BOUNCING,
    Suppression.Reason.IMPORTED: BOUNCING,
    Suppression.Reason.COMPLAINT: SPAM_COMPLAINT,
    Suppression.Reason.MANUAL: UNSUBSCRIBED,
}


@dataclass(frozen=True)
class EmailState:
    status: str
    suppressed: bool
    withdrawn: bool  # newest general email consent is a withdrawal
    on_lists: bool  # confirmed or waiting subscriptions to some list


def address_statuses(addresses: Sequence[str]) -> dict[str, str]:
    """The status an active suppression gives each suppressed address among these."""
    if not addresses:
        return {}
    return {address: _SUPPRESSION_STATUS.get(reason, UNSUBSCRIBED)
            for address, reason in Suppression.objects.filter(
                address__in=list(addresses), lifted_at__isnull=True
            ).values_list("address", "reason")}


def email_states(people: Sequence[Person]) -> dict[int, EmailState]:
    """Each person's email state; three queries for a page of people."""
    ids = [p.pk for p in people]
    if not ids:
        return {}
    granted, stopped, withdrawn = general_email_consents(ids)
    confirmed: dict[int, object] = {}
    on_lists: set[int] = set()
    for pid, status, confirmed_at, created_at in Subscription.objects.filter(
            person_id__in=ids).exclude(status=Subscription.Status.UNSUBSCRIBED).values_list(
            "person_id", "status", "confirmed_at", "created_at"):
        on_lists.add(pid)
        if status == Subscription.Status.CONFIRMED:
            at = confirmed_at or created_at
            confirmed[pid] = max(at, confirmed.get(pid, at))
    suppression = address_statuses([p.email for p in people])
    states = {}
    for person in people:
        pid = person.pk
        stop = stopped.get(pid)
        listed = pid in confirmed and (stop is None or stop < confirmed[pid])
        if person.email in suppression:
            status = suppression[person.email]
        elif pid in granted or listed:
            status = SUBSCRIBED
        else:
            status = UNSUBSCRIBED
        states[pid] = EmailState(status=status, suppressed=person.email in suppression,
                                 withdrawn=pid in withdrawn, on_lists=pid in on_lists)
    return states
