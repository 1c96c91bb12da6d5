"""Reads of current figures, choosing for each metric the file a dashboard should show.

Only current versions of state files feed the state figures; district-reported figures are
read separately and always shown marked as such.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from alianza.evidence.metrics import METRICS
from alianza.evidence.models import Dataset, Entity, Figure, Level
from alianza.evidence.tables import Value

STATE_CDS = "00000000000000"


def current_state_figures() -> QuerySet[Figure]:
    return Figure.objects.filter(
        dataset__is_current=True, dataset__origin=Dataset.Origin.STATE
    ).select_related("dataset")


def value_of(figure: Figure | None) -> Value | None:
    if figure is None:
        return None
    return Value(number=figure.value, suppressed=figure.suppressed, derived=figure.derived)


def _rank(metric: str, kind: str) -> int:
    kinds = METRICS[metric].kinds if metric in METRICS else ()
    return kinds.index(kind) if kind in kinds else len(kinds)


@dataclass
class Picked:
    """Every current figure of one entity and year, by metric; ``get`` picks the best file."""

    figures: dict[str, list[Figure]]

    def get(self, metric: str) -> Figure | None:
        options = self.figures.get(metric) or []
        return min(options, key=lambda f: _rank(metric, f.dataset.kind), default=None)

    def value(self, metric: str) -> Value | None:
        return value_of(self.get(metric))

    def same_file(self, metric: str, other: Figure | None) -> Figure | None:
        """``metric`` from the file ``other`` came from (shares need one file's numbers)."""
        if other is None:
            return None
        return next((f for f in self.figures.get(metric, [])
                     if f.dataset_id == other.dataset_id), None)


def picked_by_entity(queryset: QuerySet[Figure]) -> dict[tuple[str, str], Picked]:
    """``{(cds_code, school_year): Picked}`` for total (no breakdown) figures."""
    grouped: dict[tuple[str, str], dict[str, list[Figure]]] = defaultdict(
        lambda: defaultdict(list))
    for figure in queryset.filter(dimension=""):
        grouped[(figure.cds_code, figure.school_year)][figure.metric].append(figure)
    return {key: Picked(dict(value)) for key, value in grouped.items()}


def entity_get(level: str, code: str) -> Entity | None:
    if level == Level.STATE:
        return Entity.objects.filter(level=level, cds_code=STATE_CDS).first()
    if level == Level.COUNTY:
        return Entity.objects.filter(level=level, county_code=code[:2],
                                     cds_code=f"{code[:2]}000000000000").first()
    return Entity.objects.filter(level=level, cds_code=code).first()


def parents(entity: Entity) -> list[Entity]:
    """The entity's district (for a school), county and the state, nearest first."""
    found = []
    if entity.level == Level.SCHOOL:
        district = Entity.objects.filter(
            level=Level.DISTRICT, cds_code=f"{entity.county_code}{entity.district_code}0000000"
        ).first()
        if district:
            found.append(district)
    if entity.level in (Level.SCHOOL, Level.DISTRICT):
        county = entity_get(Level.COUNTY, entity.county_code)
        if county:
            found.append(county)
    if entity.level != Level.STATE:
        state = entity_get(Level.STATE, "")
        if state:
            found.append(state)
    return found


def years_with_figures(entity: Entity) -> list[str]:
    years = (
        current_state_figures()
        .filter(level=entity.level, cds_code=entity.cds_code)
        .values_list("school_year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def all_years() -> list[str]:
    years = (
        Dataset.objects.filter(is_current=True, origin=Dataset.Origin.STATE)
        .exclude(school_year="")
        .exclude(kind__in=[Dataset.Kind.ENTITIES, Dataset.Kind.STUDENT_GROUPS])
        .values_list("school_year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def entity_figures(entities: list[Entity], *, years: list[str] | None = None
                   ) -> dict[tuple[str, str], Picked]:
    if not entities:
        return {}
    condition = Q()
    for entity in entities:
        condition |= Q(level=entity.level, cds_code=entity.cds_code)
    queryset = current_state_figures().filter(condition)
    if years:
        queryset = queryset.filter(school_year__in=years)
    return picked_by_entity(queryset)


def child_level(entity: Entity) -> str | None:
    return {Level.STATE: Level.COUNTY, Level.COUNTY: Level.DISTRICT,
            Level.DISTRICT: Level.SCHOOL}.get(entity.level)


def children_figures(entity: Entity, year: str, metrics: list[str]
                     ) -> tuple[list[Entity], dict[tuple[str, str], Picked]]:
    level = child_level(entity)
    if level is None:
        return [], {}
    entities = Entity.objects.filter(level=level)
    figures = current_state_figures().filter(level=level, school_year=year, metric__in=metrics)
    if entity.level in (Level.COUNTY, Level.DISTRICT):
        entities = entities.filter(county_code=entity.county_code)
        figures = figures.filter(county_code=entity.county_code)
    if entity.level == Level.DISTRICT:
        entities = entities.filter(district_code=entity.district_code)
        figures = figures.filter(district_code=entity.district_code)
    return list(entities), picked_by_entity(figures)


def breakdown_figures(entity: Entity, year: str, dimension: str, metric: str) -> list[Figure]:
    """One current figure per breakdown value, from the most preferred file that has it."""
    figures = current_state_figures().filter(
        level=entity.level, cds_code=entity.cds_code, school_year=year, dimension=dimension,
        metric=metric,
    )
    best: dict[str, Figure] = {}
    for figure in figures:
        kept = best.get(figure.dimension_value)
        if kept is None or _rank(metric, figure.dataset.kind) < _rank(metric, kept.dataset.kind):
            best[figure.dimension_value] = figure
    return list(best.values())


def district_reported(entity: Entity) -> list[tuple[Dataset, list[Figure]]]:
    """Current district-reported versions with figures for this entity, newest year first."""
    figures = (
        Figure.objects.filter(dataset__is_current=True, dataset__origin=Dataset.Origin.DISTRICT,
                              level=entity.level, cds_code=entity.cds_code)
        .select_related("dataset")
        .order_by("-school_year", "dataset_id", "dimension", "dimension_value", "metric")
    )
    grouped: dict[int, list[Figure]] = defaultdict(list)
    datasets: dict[int, Dataset] = {}
    for figure in figures:
        grouped[figure.dataset_id].append(figure)
        datasets[figure.dataset_id] = figure.dataset
    return [(datasets[pk], grouped[pk]) for pk in grouped]


def entity_search(query: str, *, limit: int = 30) -> list[Entity]:
    from alianza.evidence.services.datasets import fold

    words = fold(query).split()
    if not words:
        return []
    queryset = Entity.objects.all()
    for word in words[:6]:
        queryset = queryset.filter(search_name__contains=word)
    order = {Level.STATE: 0, Level.COUNTY: 1, Level.DISTRICT: 2, Level.SCHOOL: 3}
    found = list(queryset.order_by("name")[: limit * 4])
    found.sort(key=lambda e: (order.get(e.level, 4), e.name))
    return found[:limit]


def counties() -> list[Entity]:
    return list(Entity.objects.filter(level=Level.COUNTY).order_by("name"))


def dataset_history() -> QuerySet[Dataset]:
    return Dataset.objects.select_related("replaced_by", "imported_by")
