"""What each module adds to the staff's view of a person: list filters, timeline entries,
panels on the person's page, bulk actions and what a merge of two people must move.

Core imports no app, and the coalition module (which owns people and the staff's people
pages) imports none of the modules built on it. So, as with personal data
(``core.privacy``), each module registers its parts when Django starts
(``AppConfig.ready``) and the people pages ask every registered part in turn. A module that
points rows at a person and is missing from the merge registry would leave those rows on
the merged-away record, so new modules must register.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# --- Filters on the staff people list -------------------------------------------------


@dataclass(frozen=True)
class PersonFilter:
    """One filter of the people list.

    ``key`` is the query-string parameter (repeatable for several values);
    ``choices()`` returns ``[(value, label), ...]`` (empty for a free-text filter);
    ``apply(queryset, values)`` narrows a ``Person`` queryset to those matching *any* of
    ``values`` (filters of different keys combine with AND). ``order`` places it on the
    page; ``group`` gathers filters under one heading ("Outreach", "Events", ...)."""

    key: str
    label: Any
    choices: Callable[[], Sequence[tuple[str, Any]]]
    apply: Callable[[Any, list[str]], Any]
    order: int = 100
    group: Any = ""


_filters: dict[str, PersonFilter] = {}


def person_filter_register(person_filter: PersonFilter) -> None:
    """Register (or, on a repeated ``ready()``, replace) one filter."""
    _filters[person_filter.key] = person_filter


def person_filters() -> list[PersonFilter]:
    return sorted(_filters.values(), key=lambda f: (f.order, f.key))


# --- Bulk actions on a selection of people -------------------------------------------


@dataclass(frozen=True)
class PersonBulkAction:
    """An action staff may take on the people a filter selects.

    ``run(person_ids, user, data)`` does the work and returns a message to show (or an
    HTTP response, for a download); ``form(data)`` (optional) returns a bound or unbound
    Django form for the action's options (a tag's name, a list); ``permission`` is a Django
    permission the user must hold.

    An action with ``on_query`` set works on the list's filters rather than on the people
    they select today (saving them as a mailing segment follows people as they change):
    it gets no ids, and ``data["people_query"]`` holds the list's query string.
    """

    key: str
    label: Any
    permission: str
    run: Callable[..., Any]
    form: Callable[[Any], Any] | None = None
    order: int = 100
    on_query: bool = False


_bulk_actions: dict[str, PersonBulkAction] = {}


def person_bulk_action_register(action: PersonBulkAction) -> None:
    _bulk_actions[action.key] = action


def person_bulk_actions() -> list[PersonBulkAction]:
    return sorted(_bulk_actions.values(), key=lambda a: (a.order, a.key))


# --- A person's timeline --------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened to or with a person. ``kind`` is a short machine word
    ("signature", "email-sent", "note") used for icons and filtering; ``title`` and
    ``detail`` are already in the reader's language; ``url`` links to the staff page of
    the thing, when there is one."""

    at: datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineSource:
    """One registered source of timeline entries. ``label`` names it in the page's "show
    only" filter ("Emails", "Events"); sources without one are filtered under their name."""

    name: str
    entries: Callable[[Any], Iterable[TimelineEntry]]
    label: Any = ""
    order: int = 100


_timeline_sources: dict[str, TimelineSource] = {}


def person_timeline_register(name: str, entries: Callable[[Any], Iterable[TimelineEntry]],
                             *, label: Any = "", order: int = 100) -> None:
    """``entries(person)`` returns everything the module knows happened to the person,
    newest first. The page reads only as many as it shows (plus one, to know there are
    more), so a source should yield lazily (``timeline_stream``) rather than build a list:
    a person with thousands of emails must not cost thousands of rows per page."""
    _timeline_sources[name] = TimelineSource(name=name, entries=entries, label=label,
                                             order=order)


def person_timeline_sources() -> dict[str, Callable[[Any], Iterable[TimelineEntry]]]:
    return {name: source.entries for name, source in _timeline_sources.items()}


def person_timeline_source_list() -> list[TimelineSource]:
    return sorted(_timeline_sources.values(), key=lambda s: (s.order, s.name))


def timeline_stream(queryset: Any, entry: Callable[[Any], TimelineEntry | None],
                    *, chunk: int = 50) -> Iterator[TimelineEntry]:
    """Entries made from ``queryset`` (already ordered newest first), read a chunk at a
    time only as far as the reader goes. ``entry(row)`` may return None to skip a row."""
    offset = 0
    while True:
        rows = list(queryset[offset:offset + chunk])
        for row in rows:
            made = entry(row)
            if made is not None:
                yield made
        if len(rows) < chunk:
            return
        offset += chunk
        chunk = min(chunk * 2, 500)  # a reader who wants many gets them in fewer queries


def timeline_merge(*streams: Iterable[TimelineEntry]) -> Iterator[TimelineEntry]:
    """Several newest-first streams as one newest-first stream, still read lazily."""
    return heapq.merge(*streams, key=lambda e: e.at, reverse=True)


# --- Panels on a person's page -------------------------------------------------------


@dataclass(frozen=True)
class PersonPanel:
    """A short block on the person's page about what a module holds now (their lists and
    tags, their upcoming events). ``rows(person)`` returns ``[(label, value), ...]``,
    already in the reader's language; an empty list hides the panel."""

    name: str
    title: Any
    rows: Callable[[Any], Sequence[tuple[Any, Any]]]
    order: int = 100


_panels: dict[str, PersonPanel] = {}


def person_panel_register(panel: PersonPanel) -> None:
    _panels[panel.name] = panel


def person_panels() -> list[PersonPanel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.name))


# --- Merging two people ---------------------------------------------------------------


@dataclass(frozen=True)
class MergePart:
    name: str
    merge: Callable[[Any, Any], dict[str, int]]
    # The models ("outreach.Subscription") whose rows this part moves: the merge refuses to
    # run while a model pointing at people is claimed by no part.
    models: tuple[str, ...] = ()


_merge_parts: dict[str, MergePart] = {}


def person_merge_register(name: str, merge: Callable[[Any, Any], dict[str, int]],
                          *, models: Sequence[str] = ()) -> None:
    """``merge(survivor, duplicate)`` moves the module's rows from ``duplicate`` to
    ``survivor`` (settling unique clashes by keeping the most telling row) and returns
    counts of what moved. It runs inside the merge's transaction. ``models`` lists the
    models (``"app_label.ModelName"``) whose rows it moves."""
    _merge_parts[name] = MergePart(name=name, merge=merge, models=tuple(models))


def person_merge_parts() -> dict[str, Callable[[Any, Any], dict[str, int]]]:
    return {name: part.merge for name, part in _merge_parts.items()}


def person_merge_part_list() -> list[MergePart]:
    return list(_merge_parts.values())


def person_merge_models() -> set[str]:
    """Every model some registered part says it moves, as lower-case labels."""
    return {label.lower() for part in _merge_parts.values() for label in part.models}
