"""An in-memory table of what the library's filters and counts need to know about each
published resource (kind, date, topics, audiences, partners, languages), and which
resource each text belongs to.

Counting per filter value over thousands of matches with SQL means shipping the matched
ids to the database once per filter; with this table, one pass in Python gives every
count. It is built once per library generation (the token renewed on every library
change, see alianza/core/page_cache.py) per process: about 0.1 s for 10,000 resources.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from alianza.core.page_cache import generation


@dataclass(frozen=True)
class Row:
    pk: int
    kind: str
    day: int  # published_on as an ordinal, for sorting and date ranges
    topics: frozenset[int]
    audiences: frozenset[int]
    organizations: frozenset[int]
    languages: frozenset[str]
    # (dimension, value) for every filter value this resource counts towards, all at
    # once and per dimension: counting is then one Counter.update per resource.
    facet_keys: tuple[tuple[str, object], ...] = ()
    facet_keys_by_dimension: dict | None = None


@dataclass(frozen=True)
class FacetTable:
    rows: dict[int, Row]
    newest_first: tuple[int, ...]
    owners: dict[int, int]  # resource id of each text (the search index holds texts)
    topics: dict[int, object]  # Topic by id, in their order
    audiences: dict[int, object]
    organizations: dict[int, object]


_lock = threading.Lock()
_built: dict[str, FacetTable] = {}


def _build() -> FacetTable:
    from collections import defaultdict

    from alianza.coalition.models import Organization
    from alianza.library.models import Audience, Resource, ResourceText, Topic

    published = Resource.objects.published()
    ids = published.values("pk")
    groups: dict[str, dict[int, set]] = {name: defaultdict(set) for name in
                                         ("topics", "audiences", "organizations", "languages")}
    for name, through, column in (
        ("topics", Resource.topics.through, "topic_id"),
        ("audiences", Resource.audiences.through, "audience_id"),
        ("organizations", Resource.organizations.through, "organization_id"),
    ):
        for resource_id, value in through.objects.filter(resource_id__in=ids).values_list(
                "resource_id", column):
            groups[name][resource_id].add(value)
    owners: dict[int, int] = {}
    for text_id, resource_id, language in ResourceText.objects.filter(
            resource_id__in=ids).values_list("pk", "resource_id", "language"):
        groups["languages"][resource_id].add(language)
        owners[text_id] = resource_id
    rows = {
        pk: _row(pk, kind, day.toordinal(), groups)
        for pk, kind, day in published.values_list("pk", "kind", "published_on")
    }
    used_organizations = set().union(*(row.organizations for row in rows.values()))
    return FacetTable(
        rows=rows,
        newest_first=tuple(sorted(rows, key=lambda pk: (-rows[pk].day, -pk))),
        owners=owners,
        topics={topic.pk: topic for topic in Topic.objects.all()},
        audiences={audience.pk: audience for audience in Audience.objects.all()},
        organizations={org.pk: org for org in Organization.objects.filter(
            pk__in=used_organizations).order_by("name")},
    )


def _row(pk: int, kind: str, day: int, groups: dict[str, dict[int, set]]) -> Row:
    values = {"kind": (kind,), "topic": groups["topics"][pk],
              "audience": groups["audiences"][pk], "language": groups["languages"][pk],
              "organization": groups["organizations"][pk]}
    by_dimension = {name: tuple((name, value) for value in items)
                    for name, items in values.items()}
    return Row(pk, kind, day, frozenset(values["topic"]), frozenset(values["audience"]),
               frozenset(values["organization"]), frozenset(values["language"]),
               facet_keys=tuple(key for keys in by_dimension.values() for key in keys),
               facet_keys_by_dimension=by_dimension)


def facet_table() -> FacetTable:
    current = generation("library")
    table = _built.get(current)
    if table is None:
        with _lock:
            table = _built.get(current)
            if table is None:
                table = _build()
                _built.clear()
                _built[current] = table
    return table
