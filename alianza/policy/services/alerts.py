"""Alerts about tracked bills: each new action, hearing or vote (a ``BillChange``) is told to
the bill's followers by email, in each one's language, at once or in a daily email, as each
chose. ``AlertSent`` holds one row per change and inbox, written in the same transaction as
the email: a change is told to an inbox at most once, whichever path (the task queued on
commit, the tick's sweep, the daily email) gets there first.

Whether these are bulk mail: no. Staff alerts are work email. Workgroup members joined the
workgroup themselves (confirming by email), and a workgroup's bills are its work: news of a
hearing on a bill the workgroup owns is a service message of the group they joined, like an
event reminder to someone who registered, not an update they must consent to separately.
They are therefore queued as transactional, and every one carries a link to change how often
they come or stop them. Suppressed addresses and people who asked the coalition to stop all
email are left out (selectors.alerts).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from alianza.core.services import email_queue
from alianza.policy.models import AlertPreference, AlertSent, Bill, BillChange, Frequency
from alianza.policy.selectors.alerts import Follower, FollowerBook

# Changes older than this are not sent any more (a bill tracked today does not bring its
# whole history; a stopped worker does not flood inboxes when it comes back).
LOOKBACK = datetime.timedelta(days=3)
TOKEN_SALT = "alianza.policy.bill-alerts"


def digest_hour() -> int:
    return int(getattr(settings, "POLICY_ALERT_DIGEST_HOUR", 7))


# Announcing --------------------------------------------------------------------------


def bill_changes_announce(*, change_ids: list[int]) -> None:
    """Queue the immediate alerts for new changes once the transaction commits. Importers
    call this for the changes they record; anything not announced is picked up by the
    tick's sweep (``alerts_tick``)."""
    if not change_ids:
        return
    from alianza.core.tasks_compat import task_enqueue
    from alianza.policy.tasks_alerts import bill_alerts_immediate_task

    ids = list(change_ids)
    transaction.on_commit(lambda: task_enqueue(bill_alerts_immediate_task, ids))


# Links ---------------------------------------------------------------------------------


def alert_token(*, person_id: int, email: str) -> str:
    """The signed link a workgroup member uses to choose how often they hear; it names the
    person and the address it was sent to, so it stops working if the address changes."""
    from alianza.coalition.models.base import subject_key

    return signing.dumps([person_id, subject_key(email)[:16]], salt=TOKEN_SALT)


def alert_token_read(token: str):
    """The person a link is for, or None (bad signature, or the address changed)."""
    from alianza.coalition.models import Person
    from alianza.coalition.models.base import subject_key

    try:
        person_id, key = signing.loads(token, salt=TOKEN_SALT)
        person = Person.objects.filter(pk=int(person_id), erased_at__isnull=True).first()
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if person is None or subject_key(person.email)[:16] != key:
        return None
    return person


def _absolute(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def preferences_url(follower: Follower) -> str:
    if follower.person_id is not None:
        return _absolute(follower.language, "policy-bill-alerts",
                         token=alert_token(person_id=follower.person_id,
                                           email=follower.email))
    return _absolute(follower.language, "policy-staff-bill-alerts")


# Preferences ---------------------------------------------------------------------------


def alert_preference_set(*, frequency: str, user=None, person=None) -> AlertPreference:
    if frequency not in Frequency.values:
        raise ValueError(frequency)
    if (user is None) == (person is None):
        raise ValueError("one of user or person")
    lookup = {"user": user} if user is not None else {"person": person}
    preference, _created = AlertPreference.objects.update_or_create(
        **lookup, defaults={"frequency": frequency})
    return preference


def alert_frequency(*, user=None, person=None) -> str:
    found = AlertPreference.objects.filter(
        **({"user": user} if user is not None else {"person": person})).first()
    return found.frequency if found else Frequency.DAILY


# Sending -------------------------------------------------------------------------------


@dataclass
class BillNews:
    bill: Bill
    url: str
    title: str
    position: str
    changes: list[BillChange]


def _bill_news(bill: Bill, changes: list[BillChange], language: str) -> BillNews:
    from alianza.policy.selectors.tracker import bill_url, plain_title

    with translation.override(language):
        latest = bill.positions.first()
        return BillNews(
            bill=bill, url=settings.SITE_URL + bill_url(bill),
            title=plain_title(bill, language).value,
            position=latest.get_position_display() if latest else "",
            changes=sorted(changes, key=lambda c: (c.occurred_on, c.pk)))


def _deliver(*, follower: Follower, changes: list[BillChange], frequency: str,
             now: datetime.datetime) -> bool:
    """Claim the changes not yet told to this inbox and email them in one message."""
    key = follower.address_key
    already = set(AlertSent.objects.filter(
        address_key=key, change_id__in=[c.pk for c in changes]).values_list("change_id",
                                                                             flat=True))
    with transaction.atomic():
        claimed: list[AlertSent] = []
        for change in changes:
            if change.pk in already:
                continue
            try:
                with transaction.atomic():
                    claimed.append(AlertSent.objects.create(
                        change=change, address_key=key, user_id=follower.user_id,
                        person_id=follower.person_id, frequency=frequency, sent_at=now))
            except IntegrityError:
                continue  # another run told this inbox first
        if not claimed:
            return False
        told = {row.change_id for row in claimed}
        by_bill: dict[int, list[BillChange]] = defaultdict(list)
        for change in changes:
            if change.pk in told:
                by_bill[change.bill_id].append(change)
        bills = {c.bill_id: c.bill for c in changes}
        news = [_bill_news(bills[bill_id], items, follower.language)
                for bill_id, items in by_bill.items()]
        news.sort(key=lambda n: n.bill.identifier)
        outbound = email_queue(
            to=follower.email, template="policy/bills/email/alert",
            context={"name": follower.name, "news": news, "daily": frequency == Frequency.DAILY,
                     "count": len(told), "preferences_url": preferences_url(follower),
                     "is_staff": follower.user_id is not None},
            language=follower.language,
            purpose="policy-bill-digest" if frequency == Frequency.DAILY
            else "policy-bill-alert",
            transactional=True,  # a service message, see the module's docstring
        )
        AlertSent.objects.filter(pk__in=[row.pk for row in claimed]).update(outbound=outbound)
    return True


def _recent_changes(now: datetime.datetime, ids: list[int] | None = None) -> list[BillChange]:
    changes = BillChange.objects.filter(bill__is_tracked=True, created_at__gte=now - LOOKBACK)
    if ids is not None:
        changes = changes.filter(pk__in=ids)
    return list(changes.select_related("bill__session").order_by("pk"))


def _by_follower(changes: list[BillChange], frequency: str
                 ) -> dict[str, tuple[Follower, list[BillChange]]]:
    """{address: (follower, their changes)} for followers who chose ``frequency``."""
    book = FollowerBook()
    found: dict[str, tuple[Follower, list[BillChange]]] = {}
    for change in changes:
        for follower in book.for_bill(change.bill):
            if follower.frequency != frequency:
                continue
            if follower.since is not None and change.created_at < follower.since:
                continue
            found.setdefault(follower.email, (follower, []))[1].append(change)
    return found


def alerts_send_immediate(*, change_ids: list[int] | None = None,
                          now: datetime.datetime | None = None) -> int:
    """Email followers who want to hear at once about these changes (all recent ones when
    ``change_ids`` is None). Returns how many emails were queued."""
    now = now or timezone.now()
    changes = _recent_changes(now, change_ids)
    sent = 0
    for follower, items in _by_follower(changes, Frequency.IMMEDIATE).values():
        sent += _deliver(follower=follower, changes=items, frequency=Frequency.IMMEDIATE,
                         now=now)
    return sent


def last_digest_moment(now: datetime.datetime) -> datetime.datetime:
    """The most recent time the daily email was due: today at the digest hour (local
    time) once that has passed, else yesterday's."""
    local = timezone.localtime(now)
    moment = local.replace(hour=digest_hour(), minute=0, second=0, microsecond=0)
    if moment > local:
        moment -= datetime.timedelta(days=1)
    return moment


def alerts_send_digests(*, now: datetime.datetime | None = None) -> int:
    """The daily email, once a day after the digest hour, to each follower who chose it:
    what was recorded before that hour and not yet told to them. What comes in later in
    the day waits for the next one. Returns how many emails were queued."""
    now = now or timezone.now()
    moment = last_digest_moment(now)
    had_one = set(AlertSent.objects.filter(
        frequency=Frequency.DAILY, sent_at__gte=moment,
    ).values_list("address_key", flat=True).distinct())
    changes = [c for c in _recent_changes(now) if c.created_at < moment]
    sent = 0
    for follower, items in _by_follower(changes, Frequency.DAILY).values():
        if follower.address_key in had_one:
            continue
        sent += _deliver(follower=follower, changes=items, frequency=Frequency.DAILY, now=now)
    return sent


@dataclass
class TickResult:
    immediate: int
    daily: int


def alerts_tick(*, now: datetime.datetime | None = None) -> TickResult:
    """The periodic run: immediate alerts whose task never ran, then the daily emails."""
    now = now or timezone.now()
    return TickResult(immediate=alerts_send_immediate(now=now),
                      daily=alerts_send_digests(now=now))
