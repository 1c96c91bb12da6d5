"""Reads for the agenda pages and their PDF: one structure for both, so the printed agenda
is the same content as the web page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import slugify

from alianza.core.i18n import pick_text
from alianza.policy.models import (
    Agenda,
    AgendaItem,
    AgendaItemStatusChange,
    AgendaItemText,
    AgendaLevel,
    AgendaText,
    Bill,
    BudgetItem,
    IssueArea,
)
from alianza.policy.models.legislature import CALIFORNIA
from alianza.policy.selectors.citations import CitationView, citation_views

Kind = AgendaItem.Kind


def agendas_published() -> QuerySet[Agenda]:
    return Agenda.objects.filter(is_published=True).prefetch_related("texts").order_by(
        "-year_label", "-published_at", "-pk")


def agenda_current() -> Agenda | None:
    """The agenda the policy page opens with: the published one of the latest year."""
    return agendas_published().first()


def agenda_get(slug: str, *, include_unpublished: bool = False) -> Agenda | None:
    agendas = Agenda.objects.all() if include_unpublished else agendas_published()
    return agendas.filter(slug=slug).select_related("session").first()


def issue_area_name(area: IssueArea, language: str) -> str:
    return area.name_es if language == "es" and area.name_es else area.name


def budget_item_name(item: BudgetItem, language: str) -> str:
    return item.name_es if language == "es" and item.name_es else item.name


def bill_url(bill: Bill) -> str:
    """The bill's page in the tracker when there is one; else the Legislature's own page for
    a California bill; else nothing (the identifier is shown unlinked)."""
    try:
        return reverse("policy-bill", args=[bill.session.identifier, slugify(bill.identifier)])
    except NoReverseMatch:
        pass
    if bill.session.jurisdiction == CALIFORNIA and bill.session.identifier.isdigit():
        compact = bill.identifier.replace(" ", "")
        return ("https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id="
                f"{bill.session.identifier}0{compact}")
    return ""


@dataclass
class BillLink:
    identifier: str
    title: str
    url: str


@dataclass
class ItemView:
    item: AgendaItem
    title: str
    body: str
    language: str  # the language the text is in (the reader's, or a fallback)
    issue_areas: list[tuple[str, str]]  # (slug, name)
    bills: list[BillLink]
    budget_items: list[str]
    citations: list[CitationView]
    recommendations: list[ItemView] = field(default_factory=list)
    # "Priority 2", "Recommendation 7": counted over the whole agenda, so a filter does
    # not renumber what it shows.
    number: int = 0

    @property
    def is_fallback(self) -> bool:
        return self.language != translation.get_language()

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


@dataclass
class AgendaView:
    agenda: Agenda
    title: str
    introduction: str
    language: str
    priorities: list[ItemView]
    standalone: list[ItemView]  # recommendations under no priority
    counts: dict[str, int]

    @property
    def is_fallback(self) -> bool:
        return self.language != translation.get_language()

    @property
    def is_empty(self) -> bool:
        return not self.priorities and not self.standalone

    @property
    def introduction_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.introduction.split("\n\n") if p.strip()]


def agenda_title(agenda: Agenda, language: str | None = None) -> str:
    text = pick_text(agenda.texts.all(), language)
    return text.title if text else agenda.year_label


def _items(agenda: Agenda) -> list[AgendaItem]:
    return list(
        agenda.items.prefetch_related(
            "texts", "issue_areas", "budget_items", "citations",
            Prefetch("bills", queryset=Bill.objects.select_related("session")
                     .prefetch_related("texts").order_by("identifier")),
        ).order_by("position", "pk"))


def _matches(item: AgendaItem, level: str, issue_area: str) -> bool:
    if level and item.level != level:
        return False
    return not issue_area or any(a.slug == issue_area for a in item.issue_areas.all())


def _bill_link(bill: Bill, language: str) -> BillLink:
    text = pick_text(bill.texts.all(), language)
    title = (text.short_title if text and text.short_title else "") or bill.title
    return BillLink(bill.identifier, title, bill_url(bill))


def _item_view(item: AgendaItem, language: str, citations: dict[int, CitationView]
               ) -> ItemView:
    text = pick_text(item.texts.all(), language)
    return ItemView(
        item=item, title=text.title if text else "", body=text.body if text else "",
        language=text.language if text else language,
        issue_areas=[(a.slug, issue_area_name(a, language)) for a in item.issue_areas.all()],
        bills=[_bill_link(b, language) for b in item.bills.all()],
        budget_items=[budget_item_name(b, language) for b in item.budget_items.all()],
        citations=[citations[c.pk] for c in item.citations.all() if c.pk in citations],
    )


def _number(items: list[AgendaItem], views: dict[int, ItemView]) -> None:
    priorities = [i for i in items if i.kind == Kind.PRIORITY]
    ordered = [*((p, [c for c in items if c.parent_id == p.pk]) for p in priorities)]
    recommendations = [c for _p, children in ordered for c in children]
    recommendations += [i for i in items if i.kind == Kind.RECOMMENDATION
                        and (i.parent_id is None or i.parent_id not in views)]
    for number, priority in enumerate(priorities, start=1):
        views[priority.pk].number = number
    for number, item in enumerate(recommendations, start=1):
        views[item.pk].number = number


def agenda_view(agenda: Agenda, *, language: str | None = None, level: str = "",
                issue_area: str = "") -> AgendaView:
    """The agenda in ``language``: priorities in order with their recommendations, then the
    recommendations under no priority. A filter keeps the items that match it, and a
    priority whose recommendations match stays as their heading."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    items = _items(agenda)
    citations = citation_views([c for item in items for c in item.citations.all()])
    views = {item.pk: _item_view(item, language, citations) for item in items}
    _number(items, views)
    priorities, standalone = [], []
    for item in items:
        view = views[item.pk]
        if item.kind == Kind.PRIORITY:
            view.recommendations = [
                views[child.pk] for child in items
                if child.parent_id == item.pk and _matches(child, level, issue_area)]
            if _matches(item, level, issue_area) or view.recommendations:
                priorities.append(view)
        elif item.parent_id is None and _matches(item, level, issue_area):
            standalone.append(view)
    text = pick_text(agenda.texts.all(), language)
    shown = [*priorities, *standalone, *(r for p in priorities for r in p.recommendations)]
    return AgendaView(
        agenda=agenda, title=text.title if text else agenda.year_label,
        introduction=text.introduction if text else "",
        language=text.language if text else language,
        priorities=priorities, standalone=standalone,
        counts={"priorities": sum(1 for v in shown if v.item.kind == Kind.PRIORITY),
                "recommendations": sum(1 for v in shown if v.item.kind == Kind.RECOMMENDATION)},
    )


def filter_choices(agenda: Agenda, language: str) -> dict[str, list[tuple[str, str]]]:
    """The levels and issue areas the agenda's items use, for the filters."""
    items = agenda.items.all()
    levels = set(items.values_list("level", flat=True))
    areas = IssueArea.objects.filter(agenda_items__agenda=agenda).distinct()
    return {
        "levels": [(value, label) for value, label in AgendaLevel.choices if value in levels],
        "issue_areas": [(a.slug, issue_area_name(a, language)) for a in areas],
    }


# Staff reads ---------------------------------------------------------------------------


def agendas_for_staff() -> QuerySet[Agenda]:
    return Agenda.objects.select_related("session").prefetch_related("texts", "items")


def agenda_items_for_staff(agenda: Agenda) -> list[AgendaItem]:
    return list(agenda.items.prefetch_related("texts", "bills", "citations", "issue_areas")
                .order_by("position", "pk"))


def missing_languages(texts: list[AgendaItemText] | list[AgendaText]) -> list[str]:
    """The site's languages an item or agenda has no title in."""
    have = {t.language for t in texts if t.title.strip()}
    return [code for code, _name in settings.LANGUAGES if code not in have]


def status_history(item: AgendaItem) -> QuerySet[AgendaItemStatusChange]:
    return item.status_changes.select_related("changed_by").order_by("-changed_at", "-pk")


@dataclass
class StaffRow:
    item: AgendaItem
    title: str
    number: int
    is_child: bool
    missing: list[str]  # language codes without a title
    first: bool  # first of its group: cannot move up
    last: bool


def agenda_staff_rows(agenda: Agenda) -> list[StaffRow]:
    """The items as the editor lists them: each priority followed by its recommendations,
    then the recommendations under no priority, with what each lacks."""
    items = agenda_items_for_staff(agenda)
    for item in items:
        text = pick_text(item.texts.all())
        item.staff_title = text.title if text else ""
    views = {item.pk: item for item in items}
    priorities = [i for i in items if i.kind == Kind.PRIORITY]
    standalone = [i for i in items if i.kind == Kind.RECOMMENDATION
                  and (i.parent_id is None or i.parent_id not in views)]
    rows: list[StaffRow] = []

    def add(group: list[AgendaItem], is_child: bool, start: int) -> int:
        for index, item in enumerate(group):
            rows.append(StaffRow(item, item.staff_title, start + index, is_child,
                                 missing_languages(list(item.texts.all())),
                                 index == 0, index == len(group) - 1))
        return start + len(group)

    recommendation_number = 1
    for number, priority in enumerate(priorities, start=1):
        add([priority], False, number)
        rows[-1].first, rows[-1].last = number == 1, number == len(priorities)
        children = [i for i in items if i.parent_id == priority.pk]
        recommendation_number = add(children, True, recommendation_number)
    add(standalone, False, recommendation_number)
    return rows


def agenda_priorities(agenda: Agenda) -> list[AgendaItem]:
    priorities = list(agenda.items.filter(kind=Kind.PRIORITY).prefetch_related("texts")
                      .order_by("position", "pk"))
    for number, item in enumerate(priorities, start=1):
        text = pick_text(item.texts.all())
        item.staff_title = f"{number}. {text.title}" if text else str(number)
    return priorities
