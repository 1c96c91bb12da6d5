"""Subscribing with double opt-in, confirming, preferences, unsubscribing, expiry.

Every change of consent is also written to the coalition's append-only ``Consent``
records (kind EMAIL, scope ``list:<slug>``; scope ``all`` for "unsubscribe from all").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import Consent, Person
from alianza.coalition.services.people import (
    consent_record,
    person_confirmed_apply,
    person_find,
)
from alianza.core.email_address import email_address_normalize
from alianza.core.services import email_queue, supported_language
from alianza.core.throttle import outbox_allows
from alianza.outreach import conf, webhooks
from alianza.outreach.models import MailingList, Subscription
from alianza.outreach.selectors import mailing_list_name
from alianza.outreach.services import tokens


def absolute_url(language: str, name: str, **kwargs) -> str:
    with translation.override(supported_language(language)):
        return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def preferences_url(person: Person) -> str:
    return absolute_url(person.preferred_language, "outreach-preferences",
                        token=tokens.preferences_token(person.pk, person.email))


def list_scope(mailing_list: MailingList) -> str:
    return f"list:{mailing_list.slug}"


@dataclass
class SubscribeResult:
    person: Person
    pending: list[MailingList] = field(default_factory=list)
    already: list[MailingList] = field(default_factory=list)
    confirmation_sent: bool = False


@transaction.atomic
def subscription_request(
    *,
    email: str,
    name: str,
    lists: Iterable[MailingList],
    language: str,
    source: str,
    wording: str,
) -> SubscribeResult:
    """Ask to join ``lists``: nothing is sent to the address until it is confirmed.

    Raises ``ValidationError`` for an address the site cannot mail (``core.email_address``).

    Anyone can type any address, so an unconfirmed request changes nothing about an
    existing person: the name and language typed wait on the pending subscriptions and
    are applied by ``subscription_confirm`` when the address's owner opens the link. A new
    address gets a bare record (no name) that the pending rows can point at.
    """
    email = email_address_normalize(email)
    language = supported_language(language)
    name = " ".join(name.split())
    person = _person_for_request(email=email, language=language)
    # One request per address at a time, so the throttle below cannot be raced.
    person = Person.objects.select_for_update().get(pk=person.pk)
    result = SubscribeResult(person=person)
    expires = timezone.now() + timedelta(days=conf.confirm_days())
    typed = {"source": source, "wording": str(wording), "language": language,
             "submitted_name": name, "expires_at": expires}
    for mailing_list in lists:
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            person=person, mailing_list=mailing_list, defaults=typed,
        )
        if not created and subscription.status == Subscription.Status.CONFIRMED:
            result.already.append(mailing_list)
            continue
        if not created:
            # Someone who left the list stays unsubscribed until they confirm again: the
            # request waits on the row (its deadline set) without changing its state.
            if subscription.status != Subscription.Status.UNSUBSCRIBED:
                subscription.status = Subscription.Status.PENDING
            for key, value in typed.items():
                setattr(subscription, key, value)
            subscription.save()
        result.pending.append(mailing_list)
    if not subscription_email_allowed(person.email):
        # Throttled: the page answers the same, the address is spared another message.
        return result
    if result.pending:
        link = absolute_url(language, "outreach-confirm",
                            token=tokens.confirm_token(person.pk, person.email))
        # Greeted by the name they gave us themselves if we have one, else the one typed.
        greeting = {"name": person.name or name, "email": person.email}
        email_queue(
            to=person.email, template="outreach/email/confirm_subscription",
            context={"person": greeting, "confirm_url": link, "days": conf.confirm_days(),
                     "lists": [mailing_list_name(m, language) for m in result.pending]},
            language=language, purpose=PURPOSE_CONFIRM, transactional=True,
        )
        result.confirmation_sent = True
    elif result.already:
        # The form says the same whatever the state; the true state goes to the address.
        email_queue(
            to=person.email, template="outreach/email/already_subscribed",
            context={"person": person, "preferences_url": preferences_url(person),
                     "lists": [mailing_list_name(m, language) for m in result.already]},
            language=language, purpose=PURPOSE_ALREADY, transactional=True,
        )
    return result


def _person_for_request(*, email: str, language: str) -> Person:
    """The person with this address, untouched; or a new, nameless record for it."""
    person = person_find(email=email)
    if person is not None:
        return person
    try:
        with transaction.atomic():
            return Person.objects.create(email=email, name="", preferred_language=language)
    except IntegrityError:
        # Created by a simultaneous submission: use that row, unchanged.
        return Person.objects.get(email=email)


PURPOSE_CONFIRM = "outreach-confirm"
PURPOSE_ALREADY = "outreach-already-subscribed"


def subscription_email_allowed(address: str) -> bool:
    """Whether another sign-up email may go to ``address`` now.

    Counted in the outbox, so the limit holds across processes and restarts: at most one
    message per ``SUBSCRIBE_EMAIL_INTERVAL`` seconds and ``SUBSCRIBE_EMAILS_PER_DAY`` a day,
    however many times a form is submitted with that address.
    """
    return outbox_allows(
        to=address, purposes=[PURPOSE_CONFIRM, PURPOSE_ALREADY],
        interval=timedelta(seconds=conf.subscribe_email_interval()),
        per_day=conf.subscribe_emails_per_day(),
    )


@dataclass
class ConfirmResult:
    person: Person
    confirmed: list[MailingList]


@transaction.atomic
def subscription_confirm(*, token: str) -> ConfirmResult | None:
    """Confirm every unexpired pending subscription of the person the link was sent to.

    The owner of the address has now spoken: the name and language typed with the latest
    request are applied to their record.
    """
    data = tokens.read_confirm_token(token, conf.confirm_days())
    if data is None:
        return None
    person = Person.objects.select_for_update().filter(pk=data[0]).first()
    if person is None or not tokens.email_matches(person.email, data[1]):
        return None
    now = timezone.now()
    # A request waiting for confirmation is a row with a deadline still ahead, whatever
    # its status (someone who left keeps "unsubscribed" until they confirm).
    pending = list(Subscription.objects.select_related("mailing_list").filter(
        person=person, expires_at__gt=now).exclude(status=Subscription.Status.CONFIRMED))
    # Each request renews the deadline of the rows it touched: the latest has the last.
    latest = max(pending, key=lambda s: (s.expires_at, s.pk)) if pending else None
    for subscription in pending:
        subscription.status = Subscription.Status.CONFIRMED
        subscription.confirmed_at, subscription.expires_at = now, None
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["status", "confirmed_at", "expires_at",
                                         "unsubscribed_at"])
        consent_record(
            person=person, kind=Consent.Kind.EMAIL, scope=list_scope(subscription.mailing_list),
            granted=True, wording=subscription.wording, language=subscription.language,
            source=subscription.source,
        )
    if latest is not None:
        person_confirmed_apply(person=person, name=latest.submitted_name,
                               language=latest.language, now=now)
        Subscription.objects.filter(pk__in=[s.pk for s in pending]).update(submitted_name="")
    for subscription in pending:  # after the name and language they typed are applied
        webhooks.subscription_emit(subscription=subscription, person=person, subscribed=True)
    return ConfirmResult(person=person, confirmed=[s.mailing_list for s in pending])


def subscription_unsubscribe(
    *,
    person: Person,
    lists: Iterable[MailingList] | None,
    source: str,
    wording: str,
) -> int:
    """Leave ``lists``, or everything when ``lists`` is None. Returns subscriptions ended."""
    now = timezone.now()
    subscriptions = Subscription.objects.select_related("mailing_list").filter(
        person=person).exclude(status=Subscription.Status.UNSUBSCRIBED)
    if lists is not None:
        subscriptions = subscriptions.filter(mailing_list__in=list(lists))
    ended = list(subscriptions)
    with transaction.atomic():
        for subscription in ended:
            subscription.status = Subscription.Status.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            # An unanswered request dies with it: an old link cannot undo leaving.
            subscription.expires_at, subscription.submitted_name = None, ""
            subscription.save(update_fields=["status", "unsubscribed_at", "expires_at",
                                             "submitted_name"])
            consent_record(
                person=person, kind=Consent.Kind.EMAIL,
                scope=list_scope(subscription.mailing_list), granted=False, wording=wording,
                language=person.preferred_language, source=source,
            )
            webhooks.subscription_emit(subscription=subscription, person=person,
                                       subscribed=False, source=source)
        if lists is None:
            consent_record(person=person, kind=Consent.Kind.EMAIL, scope="all", granted=False,
                           wording=wording, language=person.preferred_language, source=source)
    return len(ended)


@transaction.atomic
def preferences_update(
    *,
    person: Person,
    lists: Iterable[MailingList],
    language: str,
    wording: str,
    source: str = "preferences-page",
) -> None:
    """Set exactly which lists a person is on, from their signed preference link.

    The link reached their inbox, so lists chosen here count as confirmed at once.
    """
    now = timezone.now()
    language = supported_language(language)
    if person.preferred_language != language:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    chosen = {m.pk: m for m in lists}
    current = {s.mailing_list_id: s for s in Subscription.objects.select_related("mailing_list")
               .filter(person=person)}
    for list_id, mailing_list in chosen.items():
        subscription = current.get(list_id)
        if subscription and subscription.status == Subscription.Status.CONFIRMED:
            continue
        if subscription is None:
            subscription = Subscription(person=person, mailing_list=mailing_list)
        subscription.status = Subscription.Status.CONFIRMED
        subscription.confirmed_at, subscription.expires_at = now, None
        subscription.source, subscription.wording, subscription.language = source, wording, language
        subscription.save()
        consent_record(person=person, kind=Consent.Kind.EMAIL, scope=list_scope(mailing_list),
                       granted=True, wording=wording, language=language, source=source)
        webhooks.subscription_emit(subscription=subscription, person=person, subscribed=True)
    leaving = [s.mailing_list for list_id, s in current.items()
               if list_id not in chosen and s.status != Subscription.Status.UNSUBSCRIBED]
    if leaving:
        subscription_unsubscribe(person=person, lists=leaving, source=source, wording=wording)


def subscriptions_expire() -> int:
    """Unconfirmed sign-ups past their deadline are forgotten, as the confirmation email
    promises: they were never mailed, and what a stranger may have typed goes with them."""
    now = timezone.now()
    # Someone who had left keeps their "unsubscribed" row; only the request is dropped.
    Subscription.objects.filter(expires_at__lte=now).exclude(
        status__in=[Subscription.Status.PENDING, Subscription.Status.CONFIRMED]
    ).update(expires_at=None, submitted_name="", modified_at=now)
    with transaction.atomic():
        expired = Subscription.objects.filter(
            status=Subscription.Status.PENDING, expires_at__lte=now)
        person_ids = set(expired.values_list("person_id", flat=True))
        deleted = expired.delete()[0]
        _unused_people_delete(person_ids)
    return deleted


def _unused_people_delete(person_ids: set[int]) -> int:
    """Delete the nameless records made for addresses whose only request expired.

    A record goes only if nothing at all refers to it (every relation, whatever module
    it is in, is checked), so a person anyone else knows of is never touched.
    """
    if not person_ids:
        return 0
    candidates = Person.objects.select_for_update().filter(
        pk__in=person_ids, name="", email_confirmed_at__isnull=True, erased_at__isnull=True)
    unused = [person.pk for person in candidates if not _referred_to(person)]
    if unused:
        Person.objects.filter(pk__in=unused).delete()
    return len(unused)


def _referred_to(person: Person) -> bool:
    for relation in Person._meta.related_objects:
        if relation.one_to_one:
            if relation.related_model.objects.filter(**{relation.field.name: person}).exists():
                return True
            continue
        if getattr(person, relation.get_accessor_name()).exists():
            return True
    return False


@dataclass
class UnsubscribeResult:
    person: Person
    lists: list[MailingList] | None  # None: unsubscribed from everything


def delivery_unsubscribe_lists(delivery) -> list[MailingList] | None:
    """What unsubscribing from ``delivery`` leaves: its lists, or None for everything."""
    definition = delivery.mailing.segment.definition if delivery.mailing.segment else {}
    others = any(definition.get(k) for k in ("tags", "workgroups", "member_organizations",
                                             "statements"))
    if others or not definition.get("lists"):
        return None
    return list(MailingList.objects.filter(slug__in=definition["lists"]))


def delivery_for_token(token: str):
    """The delivery an unsubscribe link belongs to, or None."""
    from alianza.outreach.models import Delivery

    delivery_id = tokens.read_unsubscribe_token(token)
    if delivery_id is None:
        return None
    return Delivery.objects.select_related("person", "mailing__segment").filter(
        pk=delivery_id).first()


def delivery_unsubscribe(*, token: str, source: str, wording: str) -> UnsubscribeResult | None:
    """Unsubscribe the recipient of one delivery from what that mailing was sent to.

    A mailing to lists unsubscribes from those lists; one to any other audience (tags,
    workgroups, signatories…) unsubscribes from all bulk email, the only safe reading.
    """
    from alianza.outreach.models import Delivery, MailingEvent

    delivery_id = tokens.read_unsubscribe_token(token)
    if delivery_id is None:
        return None
    delivery = Delivery.objects.select_related("person", "mailing__segment").filter(
        pk=delivery_id).first()
    if delivery is None:
        return None
    lists = delivery_unsubscribe_lists(delivery)
    with transaction.atomic():
        subscription_unsubscribe(person=delivery.person, lists=lists, source=source,
                                 wording=wording)
        if not MailingEvent.objects.filter(delivery=delivery,
                                           kind=MailingEvent.Kind.UNSUBSCRIBE).exists():
            MailingEvent.objects.create(mailing_id=delivery.mailing_id, delivery=delivery,
                                        address=delivery.address,
                                        kind=MailingEvent.Kind.UNSUBSCRIBE, detail=source)
    return UnsubscribeResult(person=delivery.person, lists=lists)


def tracking_record(*, delivery_id: int, kind: str, detail: str = "") -> None:
    from alianza.outreach.models import Delivery, MailingEvent

    delivery = Delivery.objects.filter(pk=delivery_id).select_related("mailing").first()
    if delivery is None or not delivery.mailing.tracking or not conf.tracking_allowed():
        return
    MailingEvent.objects.create(mailing_id=delivery.mailing_id, delivery=delivery,
                                address=delivery.address, kind=kind, detail=detail[:500])
