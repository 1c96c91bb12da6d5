"""Reads: who a segment reaches and why others are left out; reports; lists on offer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import (
    Affiliation,
    Organization,
    Person,
    Signature,
    WorkgroupMembership,
)
from alianza.coalition.selectors import in_counties
from alianza.coalition.selectors_people import people_for_query_string
from alianza.core.email_address import email_address_problem
from alianza.core.i18n import pick_text
from alianza.outreach.models import (
    Delivery,
    Mailing,
    MailingEvent,
    MailingList,
    Segment,
    Subscription,
    Suppression,
)
from alianza.outreach.selectors_consent import consent_gate

EXCLUSION_REASONS = {
    "unsubscribed": _("Unsubscribed"),
    "suppressed": _("Bounced or complained (suppressed)"),
    "unconfirmed": _("Never confirmed their address"),
    "duplicate": _("Duplicate (reached through more than one source)"),
    "invalid": _("Malformed address"),
    "no_consent": _("No current consent to receive email"),
}


@dataclass
class Recipient:
    person_id: int
    address: str
    name: str
    language: str
    organization: str = ""
    # The consent the mailing rests on (see selectors_consent): copied onto the delivery.
    consent_scope: str = ""
    consent_at: datetime | None = None


@dataclass
class Resolution:
    recipients: list[Recipient] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.recipients)

    def excluded_labels(self) -> list[tuple[str, int]]:
        return [(str(EXCLUSION_REASONS[key]), n) for key, n in self.excluded.items() if n]


def _source_querysets(definition: dict) -> list[tuple[str, QuerySet]]:
    """(kind, person_id queryset) per source named in a segment definition.

    Only relations a person confirmed count (a pending workgroup sign-up is a stranger's
    word until then), and erased people are never part of any audience.
    """
    present = Q(person__erased_at__isnull=True)
    sources = []
    if definition.get("lists"):
        sources.append(("list", Subscription.objects.filter(
            present, mailing_list__slug__in=definition["lists"]).values_list("person_id",
                                                                             flat=True)))
    if definition.get("tags"):
        sources.append(("other", Person.objects.filter(
            erased_at__isnull=True, outreach_tags__slug__in=definition["tags"]
        ).values_list("id", flat=True)))
    if definition.get("workgroups"):
        sources.append(("other", WorkgroupMembership.objects.confirmed().filter(
            present, workgroup__slug__in=definition["workgroups"]).values_list("person_id",
                                                                              flat=True)))
    if definition.get("member_organizations"):
        sources.append(("other", Affiliation.objects.filter(
            present, organization__membership_status=Organization.Membership.MEMBER
        ).values_list("person_id", flat=True)))
    if definition.get("statements"):
        sources.append(("other", Signature.objects.filter(
            present, statement__slug__in=definition["statements"],
            status=Signature.Status.CONFIRMED,
        ).values_list("person_id", flat=True)))
    if definition.get("people_query"):
        # Filters of the staff people list; like the other non-list sources, its people
        # pass the general email consent gate below.
        sources.append(("other", people_for_query_string(definition["people_query"])
                        .order_by().values_list("id", flat=True)))
    return sources


def suppressed_addresses() -> set[str]:
    return set(Suppression.objects.filter(lifted_at__isnull=True).values_list("address", flat=True))


def address_is_valid(address: str) -> bool:
    """Whether mail can go to ``address`` as stored: the one rule of ``core.email_address``,
    and already in its ASCII form."""
    return bool(address) and address.isascii() and email_address_problem(address) is None


def segment_resolve(*, definition: dict, with_organizations: bool = True) -> Resolution:
    """Who a segment reaches now, and how many were left out for which reason."""
    result = Resolution(excluded=dict.fromkeys(EXCLUSION_REASONS, 0))
    sources = _source_querysets(definition or {})
    if not sources:
        return result
    lists = definition.get("lists") or []
    hits: Counter[int] = Counter()
    via_other: set[int] = set()
    for kind, queryset in sources:
        ids = list(queryset)
        hits.update(ids)
        if kind == "other":
            via_other.update(ids)
    list_status: dict[int, set[str]] = {}
    if lists:
        for pid, status in Subscription.objects.filter(mailing_list__slug__in=lists).values_list(
            "person_id", "status"
        ):
            list_status.setdefault(pid, set()).add(status)
    confirmed_anywhere = set(Subscription.objects.filter(
        status=Subscription.Status.CONFIRMED, person_id__in=list(via_other)
    ).values_list("person_id", flat=True)) if via_other else set()
    people = Person.objects.filter(id__in=list(hits)) if len(hits) < 900 else Person.objects.all()
    people = people.filter(erased_at__isnull=True)
    if definition.get("counties"):
        people = people.filter(in_counties(definition["counties"]))
    if definition.get("within_workgroups"):
        people = people.filter(pk__in=WorkgroupMembership.objects.confirmed().filter(
            workgroup__slug__in=definition["within_workgroups"]).values("person_id"))
    if definition.get("languages"):
        languages = Q()
        for code in definition["languages"]:
            languages |= Q(preferred_language__iexact=code) | Q(
                preferred_language__istartswith=f"{code}-")
        people = people.filter(languages)
    rows = people.values_list("id", "email", "name", "preferred_language", "email_confirmed_at")
    # Every bulk audience passes this gate: a source added later cannot skip it.
    gate = consent_gate(list_slugs=lists, person_ids=hits.keys())
    suppressed = suppressed_addresses()
    excluded = result.excluded
    for pid, email, name, language, confirmed_at in rows.iterator(chunk_size=5000):
        if pid not in hits:
            continue
        excluded["duplicate"] += hits[pid] - 1
        statuses = list_status.get(pid, set())
        if pid not in via_other and Subscription.Status.CONFIRMED not in statuses:
            reason = "unsubscribed" if Subscription.Status.UNSUBSCRIBED in statuses else (
                "unconfirmed")
            excluded[reason] += 1
            continue
        if (pid in via_other and Subscription.Status.CONFIRMED not in statuses
                and confirmed_at is None and pid not in confirmed_anywhere):
            excluded["unconfirmed"] += 1
            continue
        basis = gate.basis(pid, via_list=Subscription.Status.CONFIRMED in statuses,
                           via_other=pid in via_other)
        if basis is None:
            excluded["unsubscribed" if pid in gate.withdrawn else "no_consent"] += 1
            continue
        if email in suppressed:
            excluded["suppressed"] += 1
            continue
        if not address_is_valid(email):
            excluded["invalid"] += 1
            continue
        result.recipients.append(Recipient(pid, email, name, language,
                                           consent_scope=basis.scope,
                                           consent_at=basis.granted_at))
    if with_organizations and result.recipients:
        _attach_organizations(result.recipients)
    return result


def _attach_organizations(recipients: list[Recipient]) -> None:
    wanted = {r.person_id for r in recipients}
    names: dict[int, str] = {}
    affiliations = Affiliation.objects.order_by("is_primary_contact", "id").values_list(
        "person_id", "organization__name")
    for pid, name in affiliations.iterator(chunk_size=5000):
        if pid in wanted:
            names[pid] = name  # primary contacts come last and win
    for recipient in recipients:
        recipient.organization = names.get(recipient.person_id, "")


def mailing_lists_public() -> QuerySet[MailingList]:
    return MailingList.objects.filter(is_public=True).prefetch_related("texts")


def mailing_list_name(mailing_list: MailingList, language: str | None = None) -> str:
    text = pick_text(mailing_list.texts.all(), language)
    return text.name if text else mailing_list.slug


def segment_summary(*, segment: Segment) -> Resolution:
    return segment_resolve(definition=segment.definition, with_organizations=False)


@dataclass
class MailingReport:
    recipients: int
    queued: int
    sent: int
    delivered: int
    bounced: int
    failed: int
    unsubscribed: int
    complaints: int
    opens: int | None
    clicks: int | None


def mailing_report(*, mailing: Mailing) -> MailingReport:
    by_status = dict(mailing.deliveries.values("status").annotate(n=Count("id"))
                     .values_list("status", "n"))
    events = dict(MailingEvent.objects.filter(mailing=mailing).values("kind")
                  .annotate(n=Count("delivery_id", distinct=True)).values_list("kind", "n"))
    bounced = by_status.get(Delivery.Status.BOUNCED, 0)
    sent = by_status.get(Delivery.Status.SENT, 0) + bounced
    return MailingReport(
        recipients=sum(by_status.values()),
        queued=by_status.get(Delivery.Status.QUEUED, 0) + by_status.get(Delivery.Status.SENDING, 0),
        sent=sent, delivered=sent - bounced, bounced=bounced,
        failed=by_status.get(Delivery.Status.FAILED, 0),
        unsubscribed=events.get(MailingEvent.Kind.UNSUBSCRIBE, 0),
        complaints=events.get(MailingEvent.Kind.COMPLAINT, 0),
        opens=events.get(MailingEvent.Kind.OPEN, 0) if mailing.tracking else None,
        clicks=events.get(MailingEvent.Kind.CLICK, 0) if mailing.tracking else None,
    )
