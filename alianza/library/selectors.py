"""Reads for the library's public pages: the filtered, counted, paged search; a resource in
the reader's language; collections; the latest resources for the home page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import get_language

from alianza.library.models import (
    Audience,
    Collection,
    CollectionItem,
    Kind,
    Resource,
    ResourceText,
    Topic,
)
from alianza.library.search import search_terms, text_matches

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


def _narrow(queryset: QuerySet, filters: Filters, skip: str = "") -> QuerySet:
    """The resources that pass every filter but ``skip`` (a facet counts over the others).
    Values within one filter are alternatives; filters together must all hold."""
    through = Resource
    if filters.kinds and skip != "kind":
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.topics and skip != "topic":
        queryset = queryset.filter(pk__in=through.topics.through.objects.filter(
            topic__slug__in=filters.topics).values("resource_id"))
    if filters.audiences and skip != "audience":
        queryset = queryset.filter(pk__in=through.audiences.through.objects.filter(
            audience__slug__in=filters.audiences).values("resource_id"))
    if filters.organizations and skip != "organization":
        queryset = queryset.filter(pk__in=through.organizations.through.objects.filter(
            organization_id__in=filters.organizations).values("resource_id"))
    if filters.languages and skip != "language":
        queryset = queryset.filter(pk__in=ResourceText.objects.filter(
            language__in=filters.languages).values("resource_id"))
    if filters.date_from:
        queryset = queryset.filter(published_on__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(published_on__lte=filters.date_to)
    return queryset


def _facets(base: QuerySet, filters: Filters) -> dict[str, list[Facet]]:
    from alianza.coalition.models import Organization

    def ids(skip: str) -> QuerySet:
        return _narrow(base, filters, skip).values("pk")

    kind_counts = dict(_narrow(base, filters, "kind").order_by().values_list("kind")
                       .annotate(n=Count("pk")))
    topic_counts = dict(Resource.topics.through.objects.filter(resource_id__in=ids("topic"))
                        .values_list("topic_id").annotate(n=Count("resource_id")))
    audience_counts = dict(Resource.audiences.through.objects
                           .filter(resource_id__in=ids("audience"))
                           .values_list("audience_id").annotate(n=Count("resource_id")))
    organization_counts = dict(Resource.organizations.through.objects
                               .filter(resource_id__in=ids("organization"))
                               .values_list("organization_id").annotate(n=Count("resource_id")))
    language_counts = dict(ResourceText.objects.filter(resource_id__in=ids("language"))
                           .values_list("language").annotate(n=Count("resource_id")))

    def vocabulary(model, counts: dict, chosen: list[str]) -> list[Facet]:
        return [Facet(item.slug, item.label, counts.get(item.pk, 0), item.slug in chosen)
                for item in model.objects.all() if counts.get(item.pk) or item.slug in chosen]

    organizations = Organization.objects.filter(
        pk__in=set(organization_counts) | set(filters.organizations)).order_by("name")
    return {
        "kind": [Facet(value, str(label), kind_counts.get(value, 0), value in filters.kinds)
                 for value, label in Kind.choices
                 if kind_counts.get(value) or value in filters.kinds],
        "topic": vocabulary(Topic, topic_counts, filters.topics),
        "audience": vocabulary(Audience, audience_counts, filters.audiences),
        "language": [Facet(code, code, language_counts.get(code, 0), code in filters.languages)
                     for code in LANGUAGE_CODES],
        "organization": [Facet(str(org.pk), org.name, organization_counts.get(org.pk, 0),
                               org.pk in filters.organizations) for org in organizations],
    }


def _with_texts(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch("texts", queryset=ResourceText.objects.only(
            "id", "resource_id", "language", "title", "summary")))


def library_search(*, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> SearchPage:
    """Published resources matching the words (every word, in either language) and the
    filters, ordered by relevance then date (newest first; date alone with no words), with
    counts per filter value for the current words and the other filters."""
    base = Resource.objects.published()
    scores: dict[int, float] | None = None
    if search_terms(filters.query):
        scores = text_matches(filters.query)
        base = base.filter(pk__in=list(scores))
    narrowed = _narrow(base, filters)

    if scores is None:
        total = narrowed.count()
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        start = (page - 1) * per_page
        resources = list(_with_texts(narrowed.order_by("-published_on", "-pk"))
                         [start:start + per_page])
    else:
        rows = list(narrowed.values_list("pk", "published_on"))
        rows.sort(key=lambda row: (-scores[row[0]], -row[1].toordinal(), -row[0]))
        total = len(rows)
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        start = (page - 1) * per_page
        chosen = [pk for pk, _date in rows[start:start + per_page]]
        found = _with_texts(Resource.objects.filter(pk__in=chosen)).in_bulk(chosen)
        resources = [found[pk] for pk in chosen if pk in found]

    cards = [c for c in (card(resource) for resource in resources) if c]
    return SearchPage(cards=cards, total=total, page=page, pages=pages,
                      facets=_facets(base, filters))


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
