"""Reads for the bill tracker's public pages: the bills the coalition tracks in a session,
filtered, and one bill with its summary, position, authors and timeline, in the reader's
language (with the English text, marked as such, where no Spanish one is written yet)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from alianza.policy.models import (
    Bill,
    BillPosition,
    BillStatus,
    BillText,
    IssueArea,
    LegislativeSession,
    Legislator,
    Stance,
)
from alianza.policy.tracker_identifiers import identifier_normalise, identifier_slug


def reader_language() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


@dataclass(frozen=True)
class Text:
    """A piece of text and the language it is written in (``lang`` differs from the
    reader's when it is shown in English for want of a Spanish one)."""

    value: str
    lang: str


def with_current_position(bills: QuerySet) -> QuerySet:
    """Each bill gets ``current_position``: the stance of its newest position row."""
    newest = BillPosition.objects.filter(bill=OuterRef("pk")).order_by("-set_at", "-pk")
    return bills.annotate(current_position=Subquery(newest.values("position")[:1]))


def bill_sort_key(bill: Bill) -> tuple[str, int, str]:
    """AB 947 before AB 1947: by prefix, then by number."""
    prefix, _space, number = bill.identifier.partition(" ")
    return (prefix, int(number) if number.isdigit() else 0, bill.identifier)


def bill_url(bill: Bill) -> str:
    return reverse("policy-bill", kwargs={"session": bill.session.identifier,
                                          "slug": identifier_slug(bill.identifier)})


def issue_area_name(area: IssueArea, language: str) -> Text:
    if language == "es" and area.name_es:
        return Text(area.name_es, "es")
    return Text(area.name, "en")


# Sessions ------------------------------------------------------------------------------


def tracked_sessions() -> list[LegislativeSession]:
    """Sessions with at least one tracked bill, newest first (one without a start date
    last: PostgreSQL would otherwise sort it first)."""
    sessions = LegislativeSession.objects.filter(bills__is_tracked=True).distinct()
    return sorted(sessions, key=lambda s: (s.start_date or datetime.date.min, s.identifier),
                  reverse=True)


def session_pick(identifier: str, sessions: list[LegislativeSession]
                 ) -> tuple[LegislativeSession | None, bool]:
    """The session asked for (or the newest one with tracked bills) and whether the one
    asked for was unknown."""
    if identifier:
        for session in sessions:
            if session.identifier == identifier:
                return session, False
    return (sessions[0] if sessions else None), bool(identifier)


# The list ------------------------------------------------------------------------------


@dataclass
class BillCard:
    bill: Bill
    url: str
    title: Text
    summary: Text | None
    summary_is_fallback: bool
    status_label: str
    position: str
    position_label: str
    issue_areas: list[Text]


def _texts(bill: Bill) -> dict[str, BillText]:
    return {text.language: text for text in bill.texts.all()}


def plain_title(bill: Bill, language: str) -> Text:
    """Staff's plain-language title in the reader's language, else in English, else the
    official title (the feed's, in English)."""
    texts = _texts(bill)
    for code in (language, "en"):
        text = texts.get(code)
        if text and text.short_title.strip():
            return Text(text.short_title, code)
    return Text(bill.title, "en")


def plain_summary(bill: Bill, language: str) -> Text | None:
    texts = _texts(bill)
    for code in (language, "en"):
        text = texts.get(code)
        if text and text.summary.strip():
            return Text(text.summary, code)
    return None


def _card(bill: Bill, language: str) -> BillCard:
    summary = plain_summary(bill, language)
    position = getattr(bill, "current_position", None) or ""
    return BillCard(
        bill=bill, url=bill_url(bill), title=plain_title(bill, language), summary=summary,
        summary_is_fallback=summary is not None and summary.lang != language,
        status_label=bill.get_status_display(), position=position,
        position_label=Stance(position).label if position else "",
        issue_areas=[issue_area_name(a, language) for a in bill.issue_areas.all()],
    )


def _public_bills(*, whole: bool = False) -> QuerySet:
    """Tracked bills with what a card shows; the list leaves out the long feed fields."""
    bills = Bill.objects.filter(is_tracked=True).select_related("session").prefetch_related(
        Prefetch("texts", queryset=BillText.objects.only(
            "id", "bill_id", "language", "short_title", "summary")),
        "issue_areas",
    )
    if not whole:
        bills = bills.defer("classification", "subjects", "abstract", "feed_hash",
                            "staff_edited")
    return with_current_position(bills)


@dataclass
class BillFilters:
    status: str = ""
    position: str = ""
    issue_area: str = ""  # slug

    @property
    def is_narrowed(self) -> bool:
        return bool(self.status or self.position or self.issue_area)


def bills_public_list(*, session: LegislativeSession, filters: BillFilters,
                      language: str | None = None) -> list[BillCard]:
    """The tracked bills of ``session`` that pass the filters, in identifier order."""
    language = language or reader_language()
    bills = _public_bills().filter(session=session)
    if filters.status:
        bills = bills.filter(status=filters.status)
    if filters.position:
        bills = bills.filter(current_position=filters.position)
    if filters.issue_area:
        bills = bills.filter(issue_areas__slug=filters.issue_area)
    return [_card(bill, language) for bill in sorted(bills.distinct(), key=bill_sort_key)]


def issue_areas_in_use(session: LegislativeSession | None) -> list[IssueArea]:
    if session is None:
        return []
    return list(IssueArea.objects.filter(bills__session=session, bills__is_tracked=True)
                .distinct())


STATUS_CHOICES = BillStatus.choices
STANCE_CHOICES = Stance.choices


# One bill ------------------------------------------------------------------------------


def bill_public_get(*, session: str, slug: str) -> Bill | None:
    """A tracked bill by its session identifier and slug ("ab-1947")."""
    identifier = identifier_normalise(slug)
    if identifier is None:
        return None
    return _public_bills(whole=True).filter(session__identifier=session,
                                            identifier=identifier).first()


def legislator_url(legislator: Legislator | None) -> str:
    """The legislator's page if the legislators pages can name it; "" otherwise."""
    if legislator is None:
        return ""
    if hasattr(legislator, "get_absolute_url"):
        try:
            return legislator.get_absolute_url()
        except NoReverseMatch:
            return ""
    for kwargs in ({"pk": legislator.pk}, {"openstates_id": legislator.openstates_id or ""}):
        try:
            return reverse("policy-legislator", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str  # action, hearing, vote, version
    text: str
    body: str = ""
    time: datetime.datetime | None = None
    location: str = ""
    passed: bool | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)
    url: str = ""
    is_manual: bool = False
    is_upcoming: bool = False


# Same-day entries read in the order things happen: a hearing, its vote, the action that
# records the result, then the amended text.
_KIND_ORDER = {"hearing": 0, "vote": 1, "action": 2, "version": 3}
_COUNT_ORDER = ["yes", "no", "abstain", "not voting", "absent", "excused", "other"]


def _count_labels() -> dict[str, str]:
    return {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstained"),
            "not voting": _("Not voting"), "absent": _("Absent"), "excused": _("Excused"),
            "other": pgettext("votes", "Other")}


def _counts(raw: dict) -> list[tuple[str, int]]:
    """Vote counts in a fixed order, labelled in the reader's language."""
    labels = _count_labels()
    items = [(str(k), int(v)) for k, v in (raw or {}).items() if str(v).lstrip("-").isdigit()]
    items.sort(key=lambda kv: (_COUNT_ORDER.index(kv[0]) if kv[0] in _COUNT_ORDER
                               else len(_COUNT_ORDER), kv[0]))
    return [(labels.get(key, key), value) for key, value in items]


def bill_timeline(bill: Bill) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """Actions, hearings, votes and dated versions, oldest first; and undated versions."""
    now = timezone.now()
    entries: list[tuple[tuple, TimelineEntry]] = []
    for action in bill.actions.all():
        entries.append(((action.date, _KIND_ORDER["action"], action.order, action.pk),
                        TimelineEntry(action.date, "action", action.description,
                                      body=action.organization, is_manual=action.is_manual)))
    for hearing in bill.hearings.select_related("committee"):
        local = timezone.localtime(hearing.starts_at)
        body = hearing.committee.name if hearing.committee else hearing.body
        entries.append(((local.date(), _KIND_ORDER["hearing"], 0, hearing.pk), TimelineEntry(
            local.date(), "hearing", hearing.notes, body=body, time=local,
            location=hearing.location, is_manual=hearing.is_manual,
            is_upcoming=hearing.starts_at > now)))
    for vote in bill.votes.all():
        entries.append(((vote.date, _KIND_ORDER["vote"], 0, vote.pk), TimelineEntry(
            vote.date, "vote", vote.motion, body=vote.organization, passed=vote.passed,
            counts=_counts(vote.counts))))
    undated = []
    for version in bill.versions.all():
        entry = TimelineEntry(version.date or datetime.date.min, "version", version.note,
                              url=version.url)
        if version.date:
            entries.append(((version.date, _KIND_ORDER["version"], 0, version.pk), entry))
        else:
            undated.append(entry)
    return [entry for _key, entry in sorted(entries, key=lambda pair: pair[0])], undated


@dataclass
class Letter:
    title: Text
    url: str


@dataclass
class PositionView:
    position: BillPosition
    label: str
    note: Text | None
    letters: list[Letter]


def _letters(position: BillPosition, language: str) -> list[Letter]:
    from alianza.library.selectors import card

    letters = []
    for resource in position.letters.all():
        if not resource.is_published:
            continue  # a draft letter stays in the library until it is published
        found = card(resource, language)
        if found is not None:
            letters.append(Letter(Text(found.text.title, found.text.language),
                                  resource.get_absolute_url()))
    return letters


def position_views(bill: Bill, language: str) -> list[PositionView]:
    """The bill's positions, newest (the current one) first."""
    from alianza.library.models import Resource, ResourceText

    rows = bill.positions.prefetch_related(Prefetch(
        "letters", queryset=Resource.objects.prefetch_related(Prefetch(
            "texts", queryset=ResourceText.objects.only("id", "resource_id", "language",
                                                         "title")))))
    views = []
    for position in rows:
        note, lang = position.note_for(language)
        views.append(PositionView(position, position.get_position_display(),
                                  Text(note, lang) if note.strip() else None,
                                  _letters(position, language)))
    return views


@dataclass
class Author:
    name: str
    url: str
    primary: bool
    classification: str


@dataclass
class BillPage:
    card: BillCard
    official_title: str
    abstract: str
    authors: list[Author]
    timeline: list[TimelineEntry]
    undated_versions: list[TimelineEntry]
    positions: list[PositionView]
    subjects: list[str]

    @property
    def current(self) -> PositionView | None:
        return self.positions[0] if self.positions else None

    @property
    def earlier(self) -> list[PositionView]:
        return self.positions[1:]


def bill_page(bill: Bill, language: str | None = None) -> BillPage:
    language = language or reader_language()
    timeline, undated = bill_timeline(bill)
    authors = [Author(s.name, legislator_url(s.legislator), s.primary, s.classification)
               for s in bill.sponsorships.select_related("legislator")]
    return BillPage(
        card=_card(bill, language), official_title=bill.title, abstract=bill.abstract,
        authors=authors, timeline=timeline, undated_versions=undated,
        positions=position_views(bill, language), subjects=list(bill.subjects or []),
    )
