"""Reads for the library's public pages: the filtered, counted, paged search; a resource in
the reader's language; collections; the latest resources for the home page."""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import get_language

from alianza.library.models import Collection, CollectionItem, Kind, Resource, ResourceText
from alianza.library.search import resource_scores, search_terms, text_hits
from alianza.library.search_facets import bitset, facet_table

PER_PAGE = 20
LANGUAGE_CODES = ("en", "es")


def reader_language() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


@dataclass(frozen=True)
class Card:
    """A resource as a reader sees it: the text in their language, or the other one."""

    resource: Resource
    text: ResourceText
    languages: tuple[str, ...]

    @property
    def is_fallback(self) -> bool:
        return self.text.language != reader_language()


def card(resource: Resource, language: str | None = None) -> Card | None:
    """Uses the prefetched ``texts`` when there are any."""
    language = language or reader_language()
    texts = {text.language: text for text in resource.texts.all()}
    if not texts:
        return None
    text = texts.get(language) or texts[sorted(texts)[0]]
    return Card(resource, text, tuple(code for code in LANGUAGE_CODES if code in texts))


@dataclass
class Filters:
    query: str = ""
    kinds: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # slugs
    audiences: list[str] = field(default_factory=list)  # slugs
    languages: list[str] = field(default_factory=list)
    organizations: list[int] = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def is_narrowed(self) -> bool:
        return bool(self.kinds or self.topics or self.audiences or self.languages
                    or self.organizations or self.date_from or self.date_to)


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchPage:
    cards: list[Card]
    total: int
    page: int
    pages: int
    facets: dict[str, list[Facet]]

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


DIMENSIONS = ("kind", "topic", "audience", "language", "organization")


def _selection(table, filters: Filters, wanted: dict[str, set]) -> tuple[dict[str, int], int]:
    """For each filter in use, the set of resources passing it (values within one filter
    are alternatives), and the set inside the date range (as bitsets, see FacetTable)."""
    passing = {}
    for name in DIMENSIONS:
        if wanted[name]:
            mask = 0
            for value in wanted[name]:
                mask |= table.masks[name].get(value, 0)
            passing[name] = mask
    low = bisect_left(table.days, filters.date_from.toordinal()) if filters.date_from else 0
    high = (bisect_right(table.days, filters.date_to.toordinal()) if filters.date_to
            else len(table.days))
    in_range = ((1 << high) - 1) ^ ((1 << low) - 1) if high > low else 0
    return passing, in_range


def _with_texts(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch("texts", queryset=ResourceText.objects.only(
            "id", "resource_id", "language", "title", "summary")))


def library_search(*, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> SearchPage:
    """Published resources matching the words (every word, in either language) and the
    filters, ordered by relevance then date (newest first; date alone with no words), with
    counts per filter value for the current words and the other filters (a value's count
    ignores its own filter, so other values stay choosable)."""
    table = facet_table()
    hits = None
    if search_terms(filters.query):
        # A narrowed search ranks only what its filters keep (see search.text_ranks).
        hits = text_hits(filters.query, ranked=not filters.is_narrowed)
        candidates = list(hits.texts)
    else:
        candidates = table.newest_first
    slugs = {"topic": {t.slug: pk for pk, t in table.topics.items()},
             "audience": {a.slug: pk for pk, a in table.audiences.items()}}
    wanted = {
        "kind": set(filters.kinds), "language": set(filters.languages),
        "organization": set(filters.organizations),
        "topic": {slugs["topic"][s] for s in filters.topics if s in slugs["topic"]},
        "audience": {slugs["audience"][s] for s in filters.audiences if s in slugs["audience"]},
    }
    # A resource passing every filter is kept and counts towards every filter's values;
    # one failing a single filter counts towards that filter's values only (so they stay
    # choosable); the date range is not a counted filter. Done on bitsets, so counting
    # thousands of matches costs a few dozen ANDs.
    positions = table.positions
    matched = bitset((positions[pk] for pk in candidates), len(positions)) \
        if hits is not None else (1 << len(positions)) - 1
    passing, in_range = _selection(table, filters, wanted)
    base = matched & in_range
    everything = base
    for mask in passing.values():
        everything &= mask
    counts: dict[str, Counter] = {}
    for name in DIMENSIONS:
        scope = base
        for other, mask in passing.items():
            if other != name:
                scope &= mask
        counts[name] = Counter({value: number for value, mask in table.masks[name].items()
                                if (number := (scope & mask).bit_count())})
    chosen_bits = everything.to_bytes((len(positions) + 7) // 8, "little")
    kept = [pk for pk in candidates
            if chosen_bits[positions[pk] >> 3] >> (positions[pk] & 7) & 1]
    rows = table.rows

    if hits is not None:
        scores = resource_scores(filters.query, hits, kept)
        kept.sort(key=lambda pk: (-scores[pk], -rows[pk].day, -pk))
    total = len(kept)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    chosen = kept[(page - 1) * per_page:page * per_page]
    found = _with_texts(Resource.objects.filter(pk__in=chosen)).in_bulk(chosen)
    cards = [c for c in (card(found[pk]) for pk in chosen if pk in found) if c]
    return SearchPage(cards=cards, total=total, page=page, pages=pages,
                      facets=_facets(table, counts, filters, wanted))


def _facets(table, counts: dict[str, Counter], filters: Filters,
            wanted: dict[str, set]) -> dict[str, list[Facet]]:
    def listed(items: dict, name: str) -> list[Facet]:
        return [Facet(item.slug, item.label, counts[name][pk], pk in wanted[name])
                for pk, item in items.items() if counts[name][pk] or pk in wanted[name]]

    return {
        "kind": [Facet(value, str(label), counts["kind"][value], value in wanted["kind"])
                 for value, label in Kind.choices
                 if counts["kind"][value] or value in wanted["kind"]],
        "topic": listed(table.topics, "topic"),
        "audience": listed(table.audiences, "audience"),
        "language": [Facet(code, code, counts["language"][code], code in wanted["language"])
                     for code in LANGUAGE_CODES],
        "organization": [Facet(str(pk), org.name, counts["organization"][pk],
                               pk in wanted["organization"])
                         for pk, org in table.organizations.items()
                         if counts["organization"][pk] or pk in wanted["organization"]],
    }


def resource_public_get(slug: str) -> Resource | None:
    return (Resource.objects.published().filter(slug=slug)
            .prefetch_related("texts", "topics", "audiences", "organizations",
                              Prefetch("related", queryset=_with_texts(
                                  Resource.objects.published())))
            .first())


def resources_latest(*, limit: int = 3, language: str | None = None) -> list[Card]:
    """The newest published resources, each in the reader's language when it has one."""
    language = language or reader_language()
    resources = _with_texts(Resource.objects.published().order_by("-published_on", "-pk"))
    return [c for c in (card(r, language) for r in resources[:limit]) if c]


def collections_public_list() -> QuerySet:
    return Collection.objects.filter(is_published=True).annotate(
        resource_count=Count("items"))


def collection_public_get(slug: str) -> tuple[Collection, list[Card]] | None:
    collection = Collection.objects.filter(is_published=True, slug=slug).first()
    if collection is None:
        return None
    items = (CollectionItem.objects.filter(collection=collection, resource__is_published=True)
             .select_related("resource")
             .prefetch_related(Prefetch("resource__texts", queryset=ResourceText.objects.only(
                 "id", "resource_id", "language", "title", "summary"))))
    cards = [c for c in (card(item.resource) for item in items) if c]
    return collection, cards
