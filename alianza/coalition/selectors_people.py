"""Reads for the staff people list: the query in its URL, the people it selects, one page.

The list's query string is also what a mailing segment saves (``people_query``), so one
parser reads both and outreach resolves a segment through ``people_for_query_string``.
Filters come from every module through ``core.people``; a filter's values combine with OR,
different filters with AND.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from alianza.coalition.models import Affiliation, Person, PersonEmail
from alianza.coalition.models.base import organization_name_key, search_fold
from alianza.core.people import PersonFilter, person_filters

SEARCH_MAX = 100
PER_PAGE = 50
# Counting every match costs a scan of them all; past this many the page says "more than".
COUNT_CAP = 10_000
# Matches through another address or an organization's name, gathered first as ids so
# PostgreSQL can combine them with the name index; a word matching more is too vague.
_SIDE_MATCH_LIMIT = 5_000

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "email": ("email",),
    "newest": ("-created_at", "-id"),
    "county": ("county_code", "name", "id"),
}
DEFAULT_SORT = "name"


@dataclass
class PeopleQuery:
    """A parsed list query: only known filters and values are kept; ``problems`` says, in
    the reader's language, what was left out and why."""

    search: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    problems: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.search or self.filters)

    def query_string(self, *, with_sort: bool = True) -> str:
        """The canonical form: keys and values sorted, so equal queries compare equal."""
        pairs: list[tuple[str, str]] = []
        if self.search:
            pairs.append(("q", self.search))
        for key in sorted(self.filters):
            pairs.extend((key, value) for value in sorted(self.filters[key]))
        if with_sort and self.sort != DEFAULT_SORT:
            pairs.append(("sort", self.sort))
        return urlencode(pairs)


class FilterChoices(dict):
    """Each filter's choices, asked of its module once per request and then remembered
    (some read distinct values over every person)."""

    def __missing__(self, key: str) -> list:
        found = {f.key: f for f in person_filters()}[key]
        self[key] = list(found.choices())
        return self[key]


def _filter_values(person_filter: PersonFilter, values: list[str],
                   problems: list[str], choices: list) -> list[str]:
    values = [v.strip() for v in values if v.strip()]
    if not choices:
        return values[:20]  # a free-text filter: take what was typed, within reason
    known = {str(value) for value, _label in choices}
    kept = []
    for value in values:
        if value in known:
            kept.append(value)
        else:
            problems.append(_("“%(value)s” is not one of the choices of the filter “%(filter)s”;"
                              " it was left out.") % {"value": value[:80],
                                                      "filter": person_filter.label})
    return sorted(set(kept))


def people_query_parse(params: dict[str, list[str]],
                       choices: FilterChoices | None = None) -> PeopleQuery:
    """Read a query from ``{key: [values]}`` (a QueryDict's ``lists()``, or parsed text)."""
    choices = FilterChoices() if choices is None else choices
    query = PeopleQuery()
    query.search = " ".join(" ".join(params.get("q", [])).split())[:SEARCH_MAX]
    sort = (params.get("sort") or [DEFAULT_SORT])[-1]
    if sort in SORTS:
        query.sort = sort
    else:
        query.problems.append(_("The list cannot be sorted by “%(sort)s”; it is sorted by name.")
                              % {"sort": sort[:40]})
    for person_filter in person_filters():
        if person_filter.key in params:
            values = _filter_values(person_filter, params[person_filter.key], query.problems,
                                    choices[person_filter.key])
            if values:
                query.filters[person_filter.key] = values
    return query


def people_query_from_string(text: str) -> PeopleQuery:
    params: dict[str, list[str]] = {}
    for key, value in parse_qsl(text or "", keep_blank_values=False):
        params.setdefault(key, []).append(value)
    return people_query_parse(params)


def _search(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    folded = search_fold(text)
    matches = Q(search_key__contains=folded)
    other_emails = list(PersonEmail.objects.filter(email__contains=folded.lower())
                        .values_list("person_id", flat=True)[:_SIDE_MATCH_LIMIT])
    ids = set(other_emails)
    if organization_key := organization_name_key(text):
        ids.update(Affiliation.objects.filter(
            organization__normalized_name__contains=organization_key
        ).values_list("person_id", flat=True)[:_SIDE_MATCH_LIMIT])
    if ids:
        matches |= Q(pk__in=sorted(ids))
    return people.filter(matches)


def people_filtered(query: PeopleQuery) -> QuerySet[Person]:
    """The people a query selects, sorted as it asks. Erased people are never listed."""
    people = Person.objects.filter(erased_at__isnull=True)
    if query.search:
        people = _search(people, query.search)
    registered = {f.key: f for f in person_filters()}
    for key, values in query.filters.items():
        people = registered[key].apply(people, values)
    return people.order_by(*SORTS[query.sort])


def people_for_query_string(text: str) -> QuerySet[Person]:
    """The people a saved list query selects now (a segment's ``people_query``)."""
    return people_filtered(people_query_from_string(text))


def people_query_describe(text: str) -> str:
    """A saved list query in words: "Search: ana; Tag: Volunteers, Parents"."""
    query = people_query_from_string(text)
    parts = [_("Search: %(text)s") % {"text": query.search}] if query.search else []
    for person_filter in person_filters():
        values = query.filters.get(person_filter.key)
        if values:
            labels = {str(value): str(label) for value, label in person_filter.choices()}
            parts.append(f"{person_filter.label}: " + ", ".join(labels.get(v, v) for v in values))
    return "; ".join(parts) or _("Everyone on the people list")


@dataclass
class PeoplePage:
    people: list[Person]
    number: int
    has_next: bool
    count: int  # exact up to COUNT_CAP
    count_capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def people_count(people: QuerySet[Person]) -> tuple[int, bool]:
    """How many, counting at most COUNT_CAP + 1 rows: (count, whether there are more)."""
    found = people.order_by().values("pk")[:COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP


def people_page(people: QuerySet[Person], number: int, *,
                per_page: int = PER_PAGE) -> PeoplePage:
    """One page, reading one row more than it shows to know whether another follows."""
    start = (number - 1) * per_page
    rows = list(people.prefetch_related(
        _primary_affiliations())[start:start + per_page + 1])
    count, capped = people_count(people)
    return PeoplePage(people=rows[:per_page], number=number, has_next=len(rows) > per_page,
                      count=count, count_capped=capped)


def _primary_affiliations():
    from django.db.models import Prefetch

    return Prefetch("affiliations", queryset=Affiliation.objects.select_related(
        "organization").order_by("-is_primary_contact", "organization__name"))
