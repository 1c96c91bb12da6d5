"""The tables of an entity's dashboard page (also what its CSV downloads contain)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.evidence.cde import CALPADS_TO_ISO
from alianza.evidence.metrics import DIMENSIONS, EL_SHARE, LTEL_SHARE, RECLASS_RATE, metric
from alianza.evidence.models import Entity, Figure, Level
from alianza.evidence.selectors import figures as reads
from alianza.evidence.tables import Column, Table, Value, share

LANGUAGE_NAMES = {iso: name for iso, name in CALPADS_TO_ISO.values()}
LANGUAGE_NAMES.setdefault("mis", "Other or uncoded languages")
TOP_CHILDREN_CHARTED = 15


def entity_url(entity: Entity) -> str:
    if entity.level == Level.STATE:
        return reverse("evidence-state")
    return reverse(f"evidence-{entity.level}", args=[entity.code])


@dataclass
class KeyFigure:
    key: str
    label: str
    definition: str
    value: Value
    source: object | None  # Dataset


@dataclass
class Page:
    entity: Entity
    year: str | None
    years: list[str]
    key_figures: list[KeyFigure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    district_tables: list[Table] = field(default_factory=list)

    def table(self, slug: str) -> Table | None:
        return next((t for t in [*self.tables, *self.district_tables] if t.slug == slug), None)


def _sources(*figures: Figure | None) -> list:
    seen = {}
    for figure in figures:
        if figure is not None:
            seen[figure.dataset_id] = figure.dataset
    return list(seen.values())


def _key_figures(picked: reads.Picked | None) -> list[KeyFigure]:
    if picked is None:
        return []
    out: list[KeyFigure] = []

    def add(key: str) -> Figure | None:
        figure = picked.get(key)
        if figure is not None:
            m = metric(key)
            out.append(KeyFigure(key, m.label, m.definition, reads.value_of(figure),
                                 figure.dataset))
        return figure

    el = add("el_count")
    add("enrollment")
    enrollment = picked.same_file("enrollment", el)
    if el is not None and enrollment is not None:
        out.append(KeyFigure("el_share", *EL_SHARE, share(reads.value_of(el),
                                                          reads.value_of(enrollment)), el.dataset))
    ltel = add("ltel_count")
    ltel_el = picked.same_file("el_count", ltel)
    if ltel is not None and ltel_el is not None:
        out.append(KeyFigure("ltel_share", *LTEL_SHARE,
                             share(reads.value_of(ltel), reads.value_of(ltel_el)), ltel.dataset))
    add("at_risk_count")
    add("rfep_count")
    reclassified = add("reclassified_count")
    base = picked.same_file("reclass_el_count", reclassified)
    if reclassified is not None and base is not None:
        out.append(KeyFigure("reclass_rate", *RECLASS_RATE,
                             share(reads.value_of(reclassified), reads.value_of(base)),
                             reclassified.dataset))
    return out


def _key_table(key_figures: list[KeyFigure]) -> Table:
    rows = [{"label": k.label, "value": k.value, "source": k.source.source_name,
             "year": k.source.school_year, "definition": k.definition} for k in key_figures]
    return Table(
        slug="figures", title=_("Key figures"),
        columns=[Column("label", _("Figure")), Column("value", _("Value"), numeric=True),
                 Column("year", _("School year")), Column("source", _("Source file")),
                 Column("definition", _("Definition"))],
        rows=rows, sources=list({k.source.pk: k.source for k in key_figures}.values()),
    )


def _trend(entity: Entity, by_year: dict[tuple[str, str], reads.Picked], years: list[str]
           ) -> Table:
    rows, used = [], []
    for year in sorted(years):
        picked = by_year.get((entity.cds_code, year))
        if picked is None:
            continue
        el, enrollment = picked.get("el_count"), None
        enrollment = picked.same_file("enrollment", el) or picked.get("enrollment")
        ltel, at_risk = picked.get("ltel_count"), picked.get("at_risk_count")
        reclassified = picked.get("reclassified_count")
        used += [el, enrollment, ltel, at_risk, reclassified]
        rows.append({
            "year": year, "el_count": reads.value_of(el),
            "enrollment": reads.value_of(enrollment),
            "el_share": share(reads.value_of(el), reads.value_of(enrollment)),
            "ltel_count": reads.value_of(ltel), "at_risk_count": reads.value_of(at_risk),
            "reclassified_count": reads.value_of(reclassified),
            "reclass_rate": share(reads.value_of(reclassified), reads.value_of(
                picked.same_file("reclass_el_count", reclassified))),
        })
    return Table(
        slug="trend", title=_("English learners across years"),
        columns=[Column("year", _("School year")),
                 Column("el_count", metric("el_count").label, numeric=True),
                 Column("enrollment", metric("enrollment").label, numeric=True),
                 Column("el_share", _("Share of enrollment"), numeric=True),
                 Column("ltel_count", metric("ltel_count").label, numeric=True),
                 Column("at_risk_count", metric("at_risk_count").label, numeric=True),
                 Column("reclassified_count", metric("reclassified_count").label, numeric=True),
                 Column("reclass_rate", RECLASS_RATE[0], numeric=True)],
        rows=rows, sources=_sources(*used), chart=("year", "el_count"),
        definitions=[*_definitions("el_count", "enrollment", "ltel_count", "at_risk_count",
                                   "reclassified_count"), RECLASS_RATE],
    )


def _definitions(*keys: str) -> list[tuple[str, str]]:
    return [(metric(k).label, metric(k).definition) for k in keys]


def _comparison(entities: list[Entity], by_year: dict, year: str) -> Table:
    rows, used = [], []
    for other in entities:
        picked = by_year.get((other.cds_code, year))
        if picked is None:
            rows.append({"name": other.name, "level": other.get_level_display()})
            continue
        el = picked.get("el_count")
        enrollment = picked.same_file("enrollment", el)
        ltel = picked.get("ltel_count")
        reclassified = picked.get("reclassified_count")
        used += [el, enrollment, ltel, reclassified]
        rows.append({
            "name": other.name, "level": other.get_level_display(),
            "el_count": reads.value_of(el),
            "el_share": share(reads.value_of(el), reads.value_of(enrollment)),
            "ltel_share": share(reads.value_of(ltel),
                                reads.value_of(picked.same_file("el_count", ltel))),
            "at_risk_count": picked.value("at_risk_count"),
            "reclass_rate": share(reads.value_of(reclassified),
                                  reads.value_of(picked.same_file("reclass_el_count",
                                                                  reclassified))),
        })
    return Table(
        slug="comparison", title=_("Compared with the county and the state"),
        columns=[Column("name", _("Name")), Column("level", _("Level")),
                 Column("el_count", metric("el_count").label, numeric=True),
                 Column("el_share", EL_SHARE[0], numeric=True),
                 Column("ltel_share", LTEL_SHARE[0], numeric=True),
                 Column("at_risk_count", metric("at_risk_count").label, numeric=True),
                 Column("reclass_rate", RECLASS_RATE[0], numeric=True)],
        rows=rows, sources=_sources(*used),
        definitions=[EL_SHARE, LTEL_SHARE, RECLASS_RATE, *_definitions("at_risk_count")],
    )


def _languages(entity: Entity, year: str) -> Table | None:
    figures = reads.breakdown_figures(entity, year, "language", "el_count")
    if not figures:
        return None
    total = sum(f.value or 0 for f in figures)
    figures.sort(key=lambda f: (f.suppressed, -(f.value or 0), f.dimension_value))
    rows = [{
        "language": LANGUAGE_NAMES.get(f.dimension_value, f.dimension_value),
        "code": f.dimension_value, "el_count": reads.value_of(f),
        "share": share(reads.value_of(f), Value(number=total)) if total else Value(percent=True),
    } for f in figures]
    return Table(
        slug="languages", title=_("Home languages of English learners"),
        columns=[Column("language", DIMENSIONS["language"]), Column("code", _("Code")),
                 Column("el_count", metric("el_count").label, numeric=True),
                 Column("share", _("Share of English learners shown"), numeric=True)],
        rows=rows, sources=_sources(*figures), chart=("language", "el_count"),
        definitions=_definitions("el_count"),
        note=str(_("Shares are of the English learners counted in this table; suppressed "
                   "cells are left out of the total.")),
    )


def _grades(entity: Entity, year: str) -> Table | None:
    columns = ("el_count", "ltel_count", "at_risk_count")
    by_grade: dict[str, dict[str, Figure]] = {}
    for key in columns:
        for figure in reads.breakdown_figures(entity, year, "grade", key):
            by_grade.setdefault(figure.dimension_value, {})[key] = figure
    if not by_grade:
        return None
    order = {"TK": -1, "KN": 0, "UE": 99}
    grades = sorted(by_grade, key=lambda g: (order.get(g, int(g) if g.isdigit() else 98), g))
    rows = [{"grade": g, **{k: reads.value_of(by_grade[g].get(k)) for k in columns}}
            for g in grades]
    return Table(
        slug="grades", title=_("By grade"),
        columns=[Column("grade", DIMENSIONS["grade"]),
                 *(Column(k, metric(k).label, numeric=True) for k in columns)],
        rows=rows, sources=_sources(*(f for g in by_grade.values() for f in g.values())),
        definitions=_definitions(*columns),
    )


def _children(entity: Entity, year: str) -> Table | None:
    entities, picked = reads.children_figures(
        entity, year, ["el_count", "enrollment", "ltel_count", "reclassified_count",
                       "reclass_el_count"])
    if not entities:
        return None
    rows, used = [], []
    for child in entities:
        p = picked.get((child.cds_code, year))
        el = p.get("el_count") if p else None
        enrollment = p.same_file("enrollment", el) if p else None
        ltel = p.get("ltel_count") if p else None
        reclassified = p.get("reclassified_count") if p else None
        base = p.same_file("reclass_el_count", reclassified) if p else None
        if el is None and enrollment is None and ltel is None and reclassified is None:
            continue
        used += [el, enrollment, ltel, reclassified]
        rows.append({"name": child.name, "url": entity_url(child), "cds_code": child.cds_code,
                     "el_count": reads.value_of(el), "enrollment": reads.value_of(enrollment),
                     "el_share": share(reads.value_of(el), reads.value_of(enrollment)),
                     "ltel_count": reads.value_of(ltel),
                     "reclassified_count": reads.value_of(reclassified),
                     "reclass_rate": share(reads.value_of(reclassified), reads.value_of(base))})
    rows.sort(key=lambda r: -(r["el_count"].number or 0) if r["el_count"] else 0)
    titles = {Level.COUNTY: _("Counties"), Level.DISTRICT: _("Districts and direct-funded "
                                                             "charter schools"),
              Level.SCHOOL: _("Schools")}
    return Table(
        slug="children", title=titles[reads.child_level(entity)],
        columns=[Column("name", _("Name")), Column("cds_code", _("CDS code")),
                 Column("el_count", metric("el_count").label, numeric=True),
                 Column("enrollment", metric("enrollment").label, numeric=True),
                 Column("el_share", _("Share of enrollment"), numeric=True),
                 Column("ltel_count", metric("ltel_count").label, numeric=True),
                 Column("reclassified_count", metric("reclassified_count").label, numeric=True),
                 Column("reclass_rate", RECLASS_RATE[0], numeric=True)],
        rows=rows, sources=_sources(*used), chart=("name", "el_count"),
        definitions=[*_definitions("el_count", "enrollment", "ltel_count",
                                   "reclassified_count"), RECLASS_RATE],
    )


def _district_tables(entity: Entity) -> list[Table]:
    tables = []
    for dataset, figures in reads.district_reported(entity):
        rows: dict[tuple[str, str], dict] = {}
        metrics: list[str] = []
        for f in figures:
            row = rows.setdefault((f.dimension, f.dimension_value), {
                "breakdown": DIMENSIONS.get(f.dimension, _("All students")),
                "value": f.dimension_value,
            })
            row[f.metric] = reads.value_of(f)
            if f.metric not in metrics:
                metrics.append(f.metric)
        ordered = sorted(rows.items(), key=lambda item: (item[0][0] != "", item[0]))
        tables.append(Table(
            slug=f"district-{dataset.pk}",
            title=_("District-reported, %(year)s") % {"year": dataset.school_year},
            columns=[Column("breakdown", _("Breakdown")), Column("value", _("Group")),
                     *(Column(m, metric(m).label, numeric=True) for m in metrics)],
            rows=[r for _key, r in ordered], sources=[dataset],
            definitions=_definitions(*metrics),
        ))
    return tables


def entity_page(entity: Entity, year: str | None, *, full: bool = True) -> Page:
    """The page's figures for ``year`` (the latest year with figures when not given).

    ``full=False`` reads only the key figures, for summaries on other pages.
    """
    years = reads.years_with_figures(entity)
    if year not in years:
        year = years[0] if years else None
    page = Page(entity=entity, year=year, years=years)
    if not full:
        if year is not None:
            by_year = reads.entity_figures([entity], years=[year])
            page.key_figures = _key_figures(by_year.get((entity.cds_code, year)))
        return page
    page.district_tables = _district_tables(entity)
    if year is None:
        return page
    chain = [entity, *reads.parents(entity)]
    by_year = reads.entity_figures(chain)
    page.key_figures = _key_figures(by_year.get((entity.cds_code, year)))
    tables = [_key_table(page.key_figures), _trend(entity, by_year, years),
              _comparison(chain, by_year, year) if len(chain) > 1 else None,
              _languages(entity, year), _grades(entity, year), _children(entity, year)]
    page.tables = [t for t in tables if t is not None]
    return page
