"""Evidence figures cited by the agenda, read from the newest imported data each time.

A citation names a metric and a place; the number, its school year and its source are
looked up when the page (or the PDF) is made. The newest school year among the current
state files that carry the metric is the one shown: when that year's figure is suppressed
or the place is not in it, the citation says so instead of falling back to an older,
stale number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from alianza.evidence.metrics import METRICS, metric
from alianza.evidence.models import Dataset, Entity, Figure, Level
from alianza.evidence.selectors.figures import STATE_CDS, current_state_figures
from alianza.evidence.tables import Value
from alianza.policy.models import EvidenceCitation

# The figures staff may cite: totals that read well in a sentence.
CITABLE = ("el_count", "enrollment", "ltel_count", "at_risk_count", "rfep_count",
           "ever_el_count", "reclassified_count")

# How each figure reads in a sentence, with its number first ("210,073 English learners in
# Los Angeles County"); metrics without a phrase read "Label in place: number".
PHRASES = {
    "el_count": ngettext_lazy("%(value)s English learner in %(place)s",
                              "%(value)s English learners in %(place)s", "count"),
    "enrollment": ngettext_lazy("%(value)s student enrolled in %(place)s",
                                "%(value)s students enrolled in %(place)s", "count"),
    "ltel_count": ngettext_lazy("%(value)s long-term English learner in %(place)s",
                                "%(value)s long-term English learners in %(place)s", "count"),
    "at_risk_count": ngettext_lazy(
        "%(value)s English learner at risk of becoming a long-term English learner in "
        "%(place)s",
        "%(value)s English learners at risk of becoming long-term English learners in "
        "%(place)s", "count"),
    "rfep_count": ngettext_lazy(
        "%(value)s reclassified (RFEP) student enrolled in %(place)s",
        "%(value)s reclassified (RFEP) students enrolled in %(place)s", "count"),
    "ever_el_count": ngettext_lazy(
        "%(value)s student who is or was an English learner in %(place)s",
        "%(value)s students who are or were English learners in %(place)s", "count"),
    "reclassified_count": ngettext_lazy(
        "%(value)s English learner reclassified during the year in %(place)s",
        "%(value)s English learners reclassified during the year in %(place)s", "count"),
}
PUBLISHER = gettext_lazy("California Department of Education")


@dataclass
class CitationView:
    """What a page shows for one citation. ``state`` is "shown", "suppressed" or "missing"."""

    state: str
    text: str
    year: str = ""
    source: str = ""
    source_url: str = ""
    entity_url: str = ""
    definition: str = ""
    derived: bool = False

    @property
    def shown(self) -> bool:
        return self.state == "shown"


def citable_metrics() -> list[tuple[str, str]]:
    return [(key, str(METRICS[key].label)) for key in CITABLE if key in METRICS]


def place_name(level: str, cds_code: str, entity: Entity | None = None,
               fallback: str = "") -> str:
    if level == Level.STATE:
        return entity.name if entity else "California"
    if entity is None and not fallback:
        # Not in any imported file yet: the level and code staff typed are all there is.
        code = cds_code[:2] if level == Level.COUNTY else cds_code
        return f"{Level(level).label} {code}"
    name = entity.name if entity else fallback
    if level == Level.COUNTY:
        return _("%(name)s County") % {"name": name}
    return name


def _entity_url(entity: Entity | None) -> str:
    if entity is None:
        return ""
    from alianza.evidence.selectors.pages import entity_url

    try:
        return entity_url(entity)
    except NoReverseMatch:
        return ""


def _rank(metric_key: str, kind: str) -> int:
    kinds = METRICS[metric_key].kinds if metric_key in METRICS else ()
    return kinds.index(kind) if kind in kinds else len(kinds)


class _Reader:
    """Reads shared across the citations of one page: the newest year per metric, entities."""

    def __init__(self) -> None:
        self.years: dict[str, str | None] = {}
        self.entities: dict[tuple[str, str], Entity | None] = {}

    def newest_year(self, metric_key: str) -> str | None:
        if metric_key not in self.years:
            kinds = METRICS[metric_key].kinds if metric_key in METRICS else ()
            self.years[metric_key] = (
                Dataset.objects.filter(is_current=True, origin=Dataset.Origin.STATE,
                                       kind__in=kinds)
                .exclude(school_year="").aggregate(newest=Max("school_year"))["newest"])
        return self.years[metric_key]

    def entity(self, level: str, cds_code: str) -> Entity | None:
        key = (level, cds_code)
        if key not in self.entities:
            self.entities[key] = Entity.objects.filter(level=level, cds_code=cds_code).first()
        return self.entities[key]

    def figure(self, citation: EvidenceCitation, year: str) -> Figure | None:
        figures = current_state_figures().filter(
            level=citation.level, cds_code=citation.cds_code, metric=citation.metric,
            dimension="", school_year=year)
        return min(figures, key=lambda f: _rank(citation.metric, f.dataset.kind), default=None)

    def view(self, citation: EvidenceCitation) -> CitationView:
        entity = self.entity(citation.level, citation.cds_code)
        label = metric(citation.metric).label
        definition = str(metric(citation.metric).definition)
        year = self.newest_year(citation.metric)
        figure = self.figure(citation, year) if year else None
        place = place_name(citation.level, citation.cds_code, entity,
                           figure.entity_name if figure else "")
        names = {"label": label, "place": place, "year": year}
        if figure is None:
            text = (_("%(label)s, %(place)s: the newest files (%(year)s) have no figure for "
                      "this place.") % names if year else
                    _("%(label)s, %(place)s: no figure has been imported yet.") % names)
            return CitationView("missing", text, year=year or "", definition=definition,
                                entity_url=_entity_url(entity))
        dataset = figure.dataset
        source = _("Source: %(publisher)s, %(kind)s (%(file)s)") % {
            "publisher": PUBLISHER, "kind": dataset.get_kind_display(),
            "file": dataset.source_name}
        common = {"year": year, "source": source, "source_url": dataset.source_url,
                  "entity_url": _entity_url(entity), "definition": definition,
                  "derived": figure.derived}
        if figure.suppressed or figure.value is None:
            text = _("%(label)s, %(place)s, %(year)s: this figure is suppressed in the source "
                     "to protect students' privacy.") % names
            return CitationView("suppressed", text, **common)
        value = Value(number=figure.value).display()
        phrase = PHRASES.get(citation.metric)
        if phrase is not None:
            sentence = phrase % {"value": value, "place": place, "count": figure.value}
        else:
            sentence = _("%(label)s in %(place)s: %(value)s") % {**names, "value": value}
        return CitationView("shown", f"{sentence}, {year}", **common)


def citation_views(citations: list[EvidenceCitation]) -> dict[int, CitationView]:
    reader = _Reader()
    return {citation.pk: reader.view(citation) for citation in citations}


def entity_for_place(level: str, place: str) -> tuple[Entity | None, list[Entity]]:
    """The entity staff meant by ``place``: a code, or a name at that level.

    Returns ``(entity, [])`` when one matches, ``(None, candidates)`` when several names
    match, ``(None, [])`` when none does.
    """
    place = " ".join((place or "").split())
    if level == Level.STATE:
        return Entity.objects.filter(level=level, cds_code=STATE_CDS).first(), []
    entities = Entity.objects.filter(level=level)
    if place.isdigit():
        code = place[:2].zfill(2) + "0" * 12 if level == Level.COUNTY and len(place) <= 2 \
            else place
        return entities.filter(cds_code=code).first(), []
    if not place:
        return None, []
    from alianza.evidence.services.datasets import fold

    wanted = fold(place)
    for suffix in (" county", " condado"):
        wanted = wanted.removesuffix(suffix)
    matches = [e for e in entities.filter(search_name__contains=wanted)[:200]
               if fold(e.name) == wanted]
    if len(matches) == 1:
        return matches[0], []
    return None, matches
