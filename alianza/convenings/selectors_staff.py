"""Reads for the staff event pages: lists with counts, attendance, registrations, breakdowns."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alianza.convenings.models import Event, EventText, Question, Registration

Status = Registration.Status
# A walk-in who gave no email address is stored under a reserved, undeliverable domain
# (RFC 2606), because a live registration's address is unique per event.
WALK_IN_DOMAIN = "walk-in.invalid"

REGISTERED = Q(registrations__status=Status.CONFIRMED, registrations__is_walk_in=False)
COUNTS = {
    "registered_count": Count("registrations", filter=REGISTERED),
    "waitlist_count": Count("registrations",
                            filter=Q(registrations__status=Status.WAITLISTED)),
    "pending_count": Count("registrations", filter=Q(registrations__status=Status.PENDING)),
    "attended_count": Count("registrations", filter=Q(
        registrations__attended_at__isnull=False) & ~Q(registrations__status=Status.CANCELLED)),
    "registered_attended_count": Count("registrations", filter=REGISTERED & Q(
        registrations__attended_at__isnull=False)),
    "walk_in_count": Count("registrations", filter=Q(
        registrations__is_walk_in=True) & ~Q(registrations__status=Status.CANCELLED)),
}


def is_placeholder_email(address: str) -> bool:
    return address.endswith("@" + WALK_IN_DOMAIN)


def shown_email(registration: Registration) -> str:
    return "" if is_placeholder_email(registration.email) else registration.email


def _texts() -> Prefetch:
    return Prefetch("texts", queryset=EventText.objects.order_by("language"))


def event_title(event: Event, language: str | None = None) -> str:
    """The title in ``language`` (the reader's), else the default language's, else the slug."""
    language = language or get_language() or settings.LANGUAGE_CODE
    texts = {text.language: text.title for text in event.texts.all()}
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(
        iter(texts.values()), event.slug)


def events_for_staff(*, past: bool, now=None) -> QuerySet[Event]:
    """Upcoming events soonest first, or past ones latest first, with their counts."""
    now = now or timezone.now()
    events = Event.objects.prefetch_related(_texts()).annotate(**COUNTS)
    if past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "pk")
    return events.filter(ends_at__gte=now).order_by("starts_at", "pk")


def event_for_staff(*, pk: int) -> Event:
    return Event.objects.prefetch_related(_texts(), "hosts").annotate(**COUNTS).get(pk=pk)


@dataclass(frozen=True)
class Attendance:
    registered: int
    attended: int  # everyone checked in, walk-ins included
    registered_attended: int
    walk_ins: int
    waitlisted: int
    pending: int
    capacity: int | None
    has_started: bool

    @property
    def expected(self) -> int:
        """Everyone holding a seat: the registered and the walk-ins."""
        return self.registered + self.walk_ins

    @property
    def no_shows(self) -> int | None:
        return self.registered - self.registered_attended if self.has_started else None

    @property
    def rate(self) -> int | None:
        """Percentage of registered people who came (walk-ins would flatter it)."""
        if not self.registered or not self.has_started:
            return None
        return round(100 * self.registered_attended / self.registered)


def attendance(event: Event, *, now=None) -> Attendance:
    """Figures for one event; reads the annotations of ``events_for_staff`` when present."""
    if not hasattr(event, "registered_count"):
        event = Event.objects.annotate(**COUNTS).get(pk=event.pk)
    return Attendance(
        registered=event.registered_count, attended=event.attended_count,
        registered_attended=event.registered_attended_count,
        walk_ins=event.walk_in_count, waitlisted=event.waitlist_count,
        pending=event.pending_count, capacity=event.capacity,
        has_started=event.starts_at <= (now or timezone.now()),
    )


def _search(registrations: QuerySet[Registration], query: str) -> QuerySet[Registration]:
    for word in query.split()[:6]:
        registrations = registrations.filter(
            Q(name__icontains=word) | Q(email__icontains=word)
            | Q(organization_name__icontains=word) | Q(organization__name__icontains=word))
    return registrations


def registrations_for_staff(*, event: Event, status: str = "",
                            query: str = "") -> QuerySet[Registration]:
    registrations = event.registrations.select_related("organization")
    if status == "attended":
        registrations = registrations.filter(attended_at__isnull=False).exclude(
            status=Status.CANCELLED)
    elif status == "walk_in":
        registrations = registrations.filter(is_walk_in=True).exclude(status=Status.CANCELLED)
    elif status in Status.values:
        registrations = registrations.filter(status=status)
    if query:
        registrations = _search(registrations, query)
    return registrations.order_by("name", "pk")


def registration_status_counts(*, event: Event) -> dict[str, int]:
    counts = dict(event.registrations.values_list("status").annotate(n=Count("pk")))
    live = event.registrations.exclude(status=Status.CANCELLED)
    counts["attended"] = live.filter(attended_at__isnull=False).count()
    counts["walk_in"] = live.filter(is_walk_in=True).count()
    return counts


def check_in_candidates(*, event: Event, query: str, limit: int = 30) -> list[Registration]:
    """People who may be checked in: everyone not cancelled, those with a seat first."""
    live = event.registrations.exclude(status=Status.CANCELLED).select_related("organization")
    if query:
        live = _search(live, query)
    else:
        # Without a search, the most recent check-ins: what the door just did, for undo.
        live = live.filter(attended_at__isnull=False).order_by("-attended_at")
        return list(live[:limit])
    seat_first = {Status.CONFIRMED: 0, Status.WAITLISTED: 1, Status.PENDING: 2}
    found = list(live.order_by("name", "pk")[:limit])
    return sorted(found, key=lambda r: seat_first.get(r.status, 3))


@dataclass(frozen=True)
class QuestionCounts:
    label: str
    kind: str
    counts: list[tuple[str, int]]
    answered: int


@dataclass(frozen=True)
class Breakdowns:
    total: int
    by_organization: list[tuple[str, int]]
    by_language: list[tuple[str, int]]
    interpretation: int
    accessibility: list[str]
    questions: list[QuestionCounts]


def _organization_of(registration: Registration) -> str:
    if registration.organization_id:
        return registration.organization.name
    return " ".join(registration.organization_name.split())


def breakdowns(*, event: Event, language: str | None = None) -> Breakdowns:
    """What organizers plan with: who is coming (confirmed and walk-ins), grouped.

    Free-text organization names are grouped case-insensitively under the first spelling
    seen; linked organizations under their record's name.
    """
    language = language or get_language() or settings.LANGUAGE_CODE
    rows = list(event.registrations.filter(status=Status.CONFIRMED).select_related(
        "organization").order_by("pk"))
    spelling: dict[str, str] = {}
    organizations: Counter[str] = Counter()
    for row in rows:
        name = _organization_of(row)
        if name:
            key = name.casefold()
            spelling.setdefault(key, name)
            organizations[key] += 1
    language_names = dict(Registration.Language.choices)
    languages = Counter(row.language for row in rows)
    questions = []
    for question in event.questions.order_by("position", "pk"):
        answers = [row.answers.get(str(question.pk)) for row in rows]
        answers = [a for a in answers if a not in (None, "", [])]
        counts: Counter[str] = Counter()
        if question.kind == Question.Kind.CHOICE:
            english = question.choice_list("en")
            shown = dict(zip(english, question.choice_list(language), strict=False))
            for choice in english:
                counts[shown.get(choice, choice)] = 0
            for answer in answers:
                counts[shown.get(str(answer), str(answer))] += 1
        elif question.kind == Question.Kind.YES_NO:
            counts[_("Yes")] = sum(1 for a in answers if _truthy(a))
            counts[_("No")] = sum(1 for a in answers if not _truthy(a))
        else:
            counts = Counter()
        questions.append(QuestionCounts(
            label=question.label_in(language), kind=question.kind,
            counts=list(counts.items()), answered=len(answers)))
    return Breakdowns(
        total=len(rows),
        by_organization=sorted(((spelling[k], n) for k, n in organizations.items()),
                               key=lambda item: (-item[1], item[0].casefold())),
        by_language=[(str(language_names.get(code, code)), n)
                     for code, n in languages.most_common()],
        interpretation=sum(1 for row in rows if row.needs_interpretation),
        accessibility=[row.accessibility_needs.strip() for row in rows
                       if row.accessibility_needs.strip()],
        questions=questions,
    )


def _truthy(answer: object) -> bool:
    if isinstance(answer, bool):
        return answer
    return str(answer).strip().lower() in {"yes", "true", "1", "on", "sí", "si", "y"}


def question_answer_text(question: Question, answer: object, language: str) -> str:
    """An answer as the staff member reads it: a choice in their language, yes/no words."""
    if answer in (None, ""):
        return ""
    if question.kind == Question.Kind.YES_NO:
        return str(_("Yes") if _truthy(answer) else _("No"))
    if question.kind == Question.Kind.CHOICE:
        shown = dict(zip(question.choice_list("en"), question.choice_list(language),
                         strict=False))
        return shown.get(str(answer), str(answer))
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return str(answer)
