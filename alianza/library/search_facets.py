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
from collections import defaultdict
from collections.abc import Iterable
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


@dataclass(frozen=True)
class FacetTable:
    rows: dict[int, Row]
    newest_first: tuple[int, ...]
    owners: dict[int, int]  # resource id of each text (the search index holds texts)
    # Each resource has a bit position, oldest first; a set of resources is a Python int
    # with their bits set. For each filter value, the set of resources that have it: the
    # counts for thousands of matches are then a few dozen ANDs and popcounts.
    positions: dict[int, int]
    days: tuple[int, ...]  # the day of each position, ascending
    masks: dict[str, dict[object, int]]  # dimension -> value -> set of resources
    topics: dict[int, object]  # Topic by id, in their order
    audiences: dict[int, object]
    organizations: dict[int, object]


_lock = threading.Lock()
_built: dict[str, FacetTable] = {}


def _build() -> FacetTable:
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
        pk: Row(pk, kind, day.toordinal(), frozenset(groups["topics"][pk]),
                frozenset(groups["audiences"][pk]), frozenset(groups["organizations"][pk]),
                frozenset(groups["languages"][pk]))
        for pk, kind, day in published.values_list("pk", "kind", "published_on")
    }
    oldest_first = sorted(rows, key=lambda pk: (rows[pk].day, pk))
    positions = {pk: position for position, pk in enumerate(oldest_first)}
    used_organizations = set().union(*(row.organizations for row in rows.values()))
    return FacetTable(
        rows=rows,
        newest_first=tuple(sorted(rows, key=lambda pk: (-rows[pk].day, -pk))),
        owners=owners,
        positions=positions,
        days=tuple(rows[pk].day for pk in oldest_first),
        masks=_masks(rows, positions),
        topics={topic.pk: topic for topic in Topic.objects.all()},
        audiences={audience.pk: audience for audience in Audience.objects.all()},
        organizations={org.pk: org for org in Organization.objects.filter(
            pk__in=used_organizations).order_by("name")},
    )


def bitset(positions: Iterable[int], size: int) -> int:
    """The int whose bits ``positions`` are set (built in a bytearray: OR-ing ints one
    bit at a time would copy the whole int each time)."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def _masks(rows: dict[int, Row], positions: dict[int, int]) -> dict[str, dict[object, int]]:
    members: dict[str, dict[object, list[int]]] = {
        name: defaultdict(list) for name in ("kind", "topic", "audience", "language",
                                             "organization")}
    for pk, row in rows.items():
        position = positions[pk]
        members["kind"][row.kind].append(position)
        for name in ("topic", "audience", "language", "organization"):
            for value in getattr(row, name + "s"):
                members[name][value].append(position)
    size = len(rows)
    return {name: {value: bitset(found, size) for value, found in values.items()}
            for name, values in members.items()}


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
