"""Finding a county, district or school by what people type.

People type "LAUSD", "LA Unified", "Los Ángeles" or "San Diego USD", not the CDE's spelling,
so a query is folded (case and accents), abbreviations are spelled out from a small alias
table, and matches are ranked: the exact name, then names that start with the query, then
names whose words start with the query's words, then anything that contains them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from alianza.evidence.models import Entity, Level
from alianza.evidence.services.datasets import fold

# Whole queries people use for the largest districts, and the places they mean. Each alias
# leads to the district and to its county, so both come first.
QUERY_ALIASES: dict[str, tuple[str, ...]] = {
    "lausd": ("los angeles unified", "los angeles"),
    "la unified": ("los angeles unified", "los angeles"),
    "la usd": ("los angeles unified", "los angeles"),
    "la county": ("los angeles",),
    "la": ("los angeles", "los angeles unified"),
    "lacoe": ("los angeles county office of education", "los angeles"),
    "sfusd": ("san francisco unified", "san francisco"),
    "sf unified": ("san francisco unified", "san francisco"),
    "sf": ("san francisco", "san francisco unified"),
    "sdusd": ("san diego unified", "san diego"),
    "sd unified": ("san diego unified", "san diego"),
    "lbusd": ("long beach unified",),
    "ousd": ("oakland unified", "alameda"),
    "fusd": ("fresno unified", "fresno"),
    "sjusd": ("san jose unified", "santa clara"),
    "scusd": ("sacramento city unified", "sacramento"),
    "sausd": ("santa ana unified", "orange"),
}

# Abbreviations inside a query ("Pasadena USD"), spelled out as the CDE writes them.
WORD_ALIASES: dict[str, str] = {
    "usd": "unified",
    "esd": "elementary",
    "uhsd": "union high",
    "hsd": "high",
    "jusd": "joint unified",
    "coe": "county office of education",
    "elem": "elementary",
    "sch": "school",
    "hs": "high",
    "ms": "middle",
    "es": "elementary",
    "st": "saint",
}

LEVEL_ORDER = {Level.STATE: 0, Level.COUNTY: 1, Level.DISTRICT: 2, Level.SCHOOL: 3}
CANDIDATES = 300  # per way of matching; enough for the best to be among them


@dataclass
class SearchResult:
    entities: list[Entity]
    query: str
    suggestions: list[Entity]


def _variants(query: str) -> list[str]:
    """The folded query, then what its abbreviations stand for, most literal first."""
    folded = " ".join(re.sub(r"[^\w]+", " ", fold(query)).split())
    if not folded:
        return []
    variants = [folded]
    variants += QUERY_ALIASES.get(folded, ())
    spelled = " ".join(WORD_ALIASES.get(word, word) for word in folded.split())
    if spelled not in variants:
        variants.append(spelled)
    return variants


def _match_class(name: str, variant: str) -> int | None:
    """0 exact, 1 prefix, 2 every word starts a word of the name, 3 contained, None."""
    name = " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())
    if name == variant:
        return 0
    if name.startswith(variant):
        return 1
    words = name.split()
    if all(any(w.startswith(q) for w in words) for q in variant.split()):
        return 2
    if all(q in name for q in variant.split()):
        return 3
    return None


def _candidates(variant: str) -> list[Entity]:
    words = variant.split()[:6]
    found: dict[int, Entity] = {}
    starts = Entity.objects.filter(search_name__startswith=variant).order_by("level", "name")
    for entity in starts[:CANDIDATES]:
        found[entity.pk] = entity
    contains = Entity.objects.all()
    for word in words:
        contains = contains.filter(search_name__contains=word)
    # Counties and districts before schools, so a common word keeps the big places in reach.
    for level in (Level.STATE, Level.COUNTY, Level.DISTRICT, Level.SCHOOL):
        for entity in contains.filter(level=level).order_by("name")[:CANDIDATES]:
            found.setdefault(entity.pk, entity)
    return list(found.values())


def _rank(entity: Entity, variants: list[str]) -> tuple:
    best = (5, len(variants))
    for index, variant in enumerate(variants):
        klass = _match_class(entity.name, variant)
        if klass is None:
            # Found through its district's or county's name ("Los Angeles" finds its schools).
            klass = 4
        best = min(best, (klass, index))
    klass, index = best
    # Exact and prefix matches first whatever the alias; then the bigger kind of place first,
    # then the shorter name (the fewest extra words beyond what was typed).
    return (klass, LEVEL_ORDER.get(entity.level, 4), index, len(entity.name), entity.name)


def entity_search(query: str, *, limit: int = 30) -> SearchResult:
    """Places matching ``query``, best first; when none do, a few near names to try."""
    query = query.strip()[:100]
    if query.isdigit() and len(query) >= 2:
        by_code = list(Entity.objects.filter(cds_code__startswith=query)
                       .order_by("level", "name")[:limit])
        by_code.sort(key=lambda e: (LEVEL_ORDER.get(e.level, 4), e.name))
        return SearchResult(by_code, query, [] if by_code else _suggestions(query))
    variants = _variants(query)
    if not variants:
        return SearchResult([], query, [])
    found: dict[int, Entity] = {}
    for variant in variants:
        for entity in _candidates(variant):
            found.setdefault(entity.pk, entity)
    ranked = sorted(found.values(), key=lambda e: _rank(e, variants))
    entities = ranked[:limit]
    return SearchResult(entities, query, [] if entities else _suggestions(query))


def _suggestions(query: str, *, count: int = 5) -> list[Entity]:
    """Counties and districts whose names are nearest to what was typed (a likely typo)."""
    folded = fold(query).strip()
    places = list(Entity.objects.filter(level__in=[Level.COUNTY, Level.DISTRICT])
                  .only("pk", "name", "level", "cds_code", "county_code"))
    names: dict[str, list[Entity]] = {}
    for entity in places:
        names.setdefault(fold(entity.name), []).append(entity)
        # "Pasadena" is near "Pasadena Unified": compare with the name's first words too.
        first = " ".join(fold(entity.name).split()[: max(1, len(folded.split()))])
        names.setdefault(first, []).append(entity)
    close = difflib.get_close_matches(folded, list(names), n=count * 2, cutoff=0.7)
    out: dict[int, Entity] = {}
    for name in close:
        for entity in sorted(names[name], key=lambda e: LEVEL_ORDER.get(e.level, 4)):
            out.setdefault(entity.pk, entity)
    return list(out.values())[:count]
