"""Reads for the staff pages: lists with counts, mailings by status, report tables."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.models import Person, Statement, Workgroup
from alianza.coalition.selectors import (
    county_choices_in_use,
    statement_for_reader,
    workgroup_for_reader,
)
from alianza.coalition.selectors_people import people_query_describe
from alianza.core.csv_export import csv_cell, streaming_writer
from alianza.core.templatetags.alianza_languages import language_label
from alianza.outreach.models import (
    Delivery,
    Mailing,
    MailingEvent,
    MailingList,
    Segment,
    Subscription,
    Tag,
)
from alianza.outreach.selectors import mailing_list_name

# Lists ----------------------------------------------------------------------------------


def mailing_lists_with_counts() -> QuerySet[MailingList]:
    status = Subscription.Status
    return MailingList.objects.prefetch_related("texts").select_related("workgroup").annotate(
        confirmed=Count("subscriptions", filter=Q(subscriptions__status=status.CONFIRMED)),
        pending=Count("subscriptions", filter=Q(subscriptions__status=status.PENDING)),
        unsubscribed=Count("subscriptions",
                           filter=Q(subscriptions__status=status.UNSUBSCRIBED)),
    ).order_by("slug")


# Segment builder choices -----------------------------------------------------------------


def list_choices() -> list[tuple[str, str]]:
    return [(m.slug, mailing_list_name(m)) for m in MailingList.objects.prefetch_related("texts")]


def tag_choices() -> list[tuple[str, str]]:
    return list(Tag.objects.values_list("slug", "name"))


def workgroup_choices() -> list[tuple[str, str]]:
    return [(w.slug, workgroup_for_reader(w, size=0).name)
            for w in Workgroup.objects.prefetch_related("texts")]


def statement_choices() -> list[tuple[str, str]]:
    return [(s.slug, statement_for_reader(s).title)
            for s in Statement.objects.order_by("created_at")]


def county_choices() -> list[tuple[str, str]]:
    return county_choices_in_use(Person)


def segment_is_locked(segment: Segment) -> bool:
    """Whether a mailing to this segment has gone out: its unsubscribe links read the
    definition, so it must not change any more."""
    return segment.pk is not None and segment.mailings.exclude(
        status__in=[Mailing.Status.DRAFT, Mailing.Status.SCHEDULED]).exists()


def segment_describe(definition: dict) -> list[tuple[str, str]]:
    """(what, which) pairs that say in words who a segment reaches."""
    names = {
        "lists": (_("Lists"), dict(list_choices())),
        "tags": (_("Tags"), dict(tag_choices())),
        "workgroups": (_("Workgroups"), dict(workgroup_choices())),
        "statements": (_("Signatories of"), dict(statement_choices())),
        # Counties and languages are stored as codes; staff read names.
        "counties": (_("Only in these counties"), dict(county_choices())),
        "languages": (_("Only these languages"),
                      {code: language_label(code) for code in definition.get("languages", ())}),
        "within_workgroups": (_("Only people on the roster of"), dict(workgroup_choices())),
    }
    rows = []
    for key, (label, lookup) in names.items():
        if definition.get(key):
            rows.append((str(label), ", ".join(lookup.get(v, v) for v in definition[key])))
        if key == "workgroups" and definition.get("member_organizations"):
            rows.append((_("Contacts of member organizations"), _("yes")))
        if key == "statements" and definition.get("people_query"):
            rows.append((_("People list filters"),
                         people_query_describe(definition["people_query"])))
    return rows


# Mailings -------------------------------------------------------------------------------

MAILING_FILTERS = (Mailing.Status.DRAFT, Mailing.Status.SCHEDULED, Mailing.Status.SENDING,
                   Mailing.Status.SENT, Mailing.Status.CANCELLED)


def mailing_counts() -> dict[str, int]:
    return dict(Mailing.objects.values("status").annotate(n=Count("id"))
                .values_list("status", "n"))


def mailings_for_staff(*, status: str = "") -> QuerySet[Mailing]:
    mailings = Mailing.objects.select_related("segment").annotate(
        sent_count=Count("deliveries", filter=Q(deliveries__status__in=[
            Delivery.Status.SENT, Delivery.Status.BOUNCED])),
    )
    if status:
        mailings = mailings.filter(status=status)
    return mailings.order_by("-created_at")


def mailing_soft_bounces(*, mailing: Mailing) -> int:
    """Addresses of this mailing that bounced softly (their copy may still arrive)."""
    return MailingEvent.objects.filter(
        mailing=mailing, kind=MailingEvent.Kind.SOFT_BOUNCE).values("address").distinct().count()


def _event(kind: str) -> Exists:
    return Exists(MailingEvent.objects.filter(delivery=OuterRef("pk"), kind=kind))


def mailing_recipients(*, mailing: Mailing, query: str = "", status: str = ""
                       ) -> QuerySet[Delivery]:
    """One row per recipient with what happened to their copy, searchable by address/name."""
    kind = MailingEvent.Kind
    rows = Delivery.objects.filter(mailing=mailing).annotate(
        hard_bounce=_event(kind.HARD_BOUNCE), soft_bounce=_event(kind.SOFT_BOUNCE),
        unsubscribed=_event(kind.UNSUBSCRIBE), complained=_event(kind.COMPLAINT),
    )
    if mailing.tracking:
        rows = rows.annotate(opened=_event(kind.OPEN), clicked=_event(kind.CLICK))
    if query:
        rows = rows.filter(Q(address__icontains=query) | Q(name__icontains=query))
    if status in Delivery.Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("id")


def report_columns(mailing: Mailing) -> list[str]:
    columns = [_("Address"), _("Name"), _("Organization"), _("Language"), _("Status"),
               _("Attempts"), _("Sent at"), _("Hard bounce"), _("Soft bounce"),
               _("Unsubscribed"), _("Complaint"), _("Error")]
    if mailing.tracking:
        columns += [_("Opened"), _("Clicked")]
    return [str(column) for column in columns]


def report_csv_lines(mailing: Mailing) -> Iterator[str]:
    """The per-recipient table as CSV; every cell is made safe from formula injection."""
    writer = streaming_writer()
    yes, no = _("yes"), ""
    yield "\ufeff"  # lets Excel open accented names as UTF-8
    yield writer.writerow([csv_cell(c) for c in report_columns(mailing)])
    statuses = dict(Delivery.Status.choices)
    for row in mailing_recipients(mailing=mailing).iterator(chunk_size=2000):
        sent_at = timezone.localtime(row.sent_at).isoformat(timespec="seconds") \
            if row.sent_at else ""
        values = [row.address, row.name, row.organization, row.language,
                  statuses.get(row.status, row.status), row.attempts, sent_at,
                  yes if row.hard_bounce else no, yes if row.soft_bounce else no,
                  yes if row.unsubscribed else no, yes if row.complained else no, row.error]
        if mailing.tracking:
            values += [yes if row.opened else no, yes if row.clicked else no]
        yield writer.writerow([csv_cell(value) for value in values])
