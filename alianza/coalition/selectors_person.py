"""Reads for a person's staff page: their timeline, gathered from every module."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import islice

from alianza.coalition.models import Person
from alianza.core.access import url_allowed
from alianza.core.people import TimelineEntry, person_timeline_source_list, timeline_merge

PAGE_SIZE = 50
MAX_SHOWN = 1000  # "show more" stops here; the data download has everything


@dataclass(frozen=True)
class Timeline:
    entries: list[TimelineEntry]
    has_more: bool
    shown: int
    sources: list[tuple[str, str]]  # (name, label) for the "show only" filter
    source: str  # the chosen one, or "" for all


def person_timeline(person: Person, *, shown: int = PAGE_SIZE, source: str = "",
                    viewer=None) -> Timeline:
    """The newest ``shown`` entries of the person's timeline, from every registered source
    (or only ``source``). Each source is read lazily, so at most ``shown + 1`` of its rows
    are loaded however many it holds. With a ``viewer``, an entry keeps its link only when
    the viewer may open that page."""
    shown = max(PAGE_SIZE, min(shown, MAX_SHOWN))
    registered = person_timeline_source_list()
    chosen = [s for s in registered if s.name == source] or registered
    stream = timeline_merge(*(s.entries(person) for s in chosen))
    entries = list(islice(stream, shown + 1))
    if viewer is not None:
        allowed: dict[str, bool] = {}  # many entries link to the same few pages
        for index, entry in enumerate(entries):
            if entry.url and entry.url not in allowed:
                allowed[entry.url] = url_allowed(viewer, entry.url)
            if entry.url and not allowed[entry.url]:
                entries[index] = replace(entry, url="")
    return Timeline(
        entries=entries[:shown], has_more=len(entries) > shown, shown=shown,
        sources=[(s.name, str(s.label or s.name)) for s in registered],
        source=source if len(chosen) == 1 and chosen[0].name == source else "",
    )
