"""Turn a read CDE file into long-format figures and the entities they describe.

Pure Polars, no database: :func:`figure_frame` and :func:`entity_frame` return frames whose
columns match :class:`~alianza.evidence.models.Figure` and
:class:`~alianza.evidence.models.Entity`, so the import service only has to insert them.

Levels a file does not print are summed from the level below it (a county from its LEAs,
a district from its schools) and marked ``derived``. When any part of such a sum was
suppressed, the sum is not knowable: it is stored as suppressed, never as a partial total.
"""

from __future__ import annotations

import polars as pl

from alianza.evidence.cde import CdeTable

STATE_CDS = "00000000000000"
STATE_NAME = "California"
FIGURE_COLUMNS = (
    "level",
    "cds_code",
    "county_code",
    "district_code",
    "entity_name",
    "county_name",
    "district_name",
    "metric",
    "dimension",
    "dimension_value",
    "value",
    "suppressed",
    "derived",
)
ENTITY_COLUMNS = (
    "level",
    "cds_code",
    "name",
    "county_code",
    "county_name",
    "district_code",
    "district_name",
)

# file column -> metric, per kind of file
UPC_METRICS = {"total_enrollment": "enrollment", "english_learner": "el_count"}
LTEL_METRICS = {
    "total_enrollment": "enrollment",
    "el": "el_count",
    "ltel": "ltel_count",
    "at_risk": "at_risk_count",
    "rfep": "rfep_count",
    "eo": "eo_count",
    "ifep": "ifep_count",
    "tbd": "tbd_count",
    "total_ever_el": "ever_el_count",
}
# By-grade rows are kept for these measures only, and not for schools: a statewide LTEL file
# has about 15 grades for each of 10,000 schools.
LTEL_GRADE_METRICS = {"el": "el_count", "ltel": "ltel_count", "at_risk": "at_risk_count"}
RECLASSIFICATION_METRICS = {
    "reclassified": "reclassified_count",
    "el": "reclass_el_count",
    "fep": "fep_count",
}


def _text(frame: pl.DataFrame, name: str) -> pl.Expr:
    if name in frame.columns:
        return pl.col(name).cast(pl.String)
    return pl.lit(None, dtype=pl.String)


def _identity(frame: pl.DataFrame) -> pl.DataFrame:
    """level, codes and names; the entity's own name chosen by its level."""
    level = pl.col("level")
    county, district, school = (_text(frame, n) for n in ("county_name", "district_name",
                                                          "school_name"))
    name = (
        pl.when(level == "state").then(pl.lit(STATE_NAME))
        .when(level == "county").then(county)
        .when(level == "district").then(pl.coalesce(
            pl.when(pl.col("school_code") != "0000000").then(school), district))
        .otherwise(pl.coalesce(school, district))
    )
    return frame.with_columns(
        name.fill_null("").alias("entity_name"),
        county.fill_null("").alias("county_name"),
        district.fill_null("").alias("district_name"),
    )


def _long(frame: pl.DataFrame, metrics: dict[str, str], *, dimension: str = "",
          dimension_column: str | None = None) -> pl.DataFrame:
    """One row per entity and metric; blank (not applicable) cells give no figure."""
    parts = []
    value_of = pl.col(dimension_column).cast(pl.String) if dimension_column else pl.lit("")
    for column, metric in metrics.items():
        if column not in frame.columns:
            continue
        flag = f"{column}_suppressed"
        suppressed = pl.col(flag) if flag in frame.columns else pl.lit(False)
        parts.append(frame.select(
            "level", "cds_code", "county_code", "district_code", "entity_name", "county_name",
            "district_name",
            pl.lit(metric).alias("metric"),
            pl.lit(dimension).alias("dimension"),
            value_of.fill_null("").alias("dimension_value"),
            pl.col(column).cast(pl.Int64).alias("value"),
            suppressed.fill_null(False).alias("suppressed"),
            pl.lit(False).alias("derived"),
        ))
    if not parts:
        return _empty()
    out = pl.concat(parts)
    return out.filter(pl.col("value").is_not_null() | pl.col("suppressed"))


def _empty() -> pl.DataFrame:
    schema = {c: pl.String for c in FIGURE_COLUMNS}
    schema.update(value=pl.Int64, suppressed=pl.Boolean, derived=pl.Boolean)
    return pl.DataFrame(schema=schema)


def _sum_up(figures: pl.DataFrame, base: str, target: str) -> pl.DataFrame:
    """``target``-level figures summed from ``base``-level ones."""
    rows = figures.filter(pl.col("level") == base)
    if target == "state":
        keys: list[str] = []
        cds = pl.lit(STATE_CDS)
        county_code, district_code = pl.lit("00"), pl.lit("00000")
        name, county_name, district_name = pl.lit(STATE_NAME), pl.lit(""), pl.lit("")
    elif target == "county":
        keys = ["county_code"]
        cds = pl.concat_str([pl.col("county_code"), pl.lit("000000000000")])
        county_code, district_code = pl.col("county_code"), pl.lit("00000")
        name, county_name, district_name = (pl.col("county_name"), pl.col("county_name"),
                                            pl.lit(""))
    else:
        keys = ["county_code", "district_code"]
        cds = pl.concat_str([pl.col("county_code"), pl.col("district_code"), pl.lit("0000000")])
        county_code, district_code = pl.col("county_code"), pl.col("district_code")
        name, county_name, district_name = (pl.col("district_name"), pl.col("county_name"),
                                            pl.col("district_name"))
    grouped = rows.group_by([*keys, "metric", "dimension", "dimension_value"]).agg(
        pl.col("value").sum().alias("total"),
        pl.col("suppressed").any().alias("suppressed"),
        pl.col("county_name").drop_nulls().first(),
        pl.col("district_name").drop_nulls().first(),
    )
    return grouped.select(
        pl.lit(target).alias("level"),
        cds.alias("cds_code"),
        county_code.alias("county_code"),
        district_code.alias("district_code"),
        name.fill_null("").alias("entity_name"),
        county_name.fill_null("").alias("county_name"),
        district_name.fill_null("").alias("district_name"),
        "metric", "dimension", "dimension_value",
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col("total")).alias("value"),
        "suppressed",
        pl.lit(True).alias("derived"),
    )


def _with_missing_levels(figures: pl.DataFrame) -> pl.DataFrame:
    """Add the levels the file did not print, summed from the lowest complete level.

    LEA rows (``district``) already include direct-funded charters, so when a file has them,
    counties and the state are summed from LEAs, never from schools as well.
    """
    present = set(figures["level"].unique().to_list())
    added = []
    if "district" not in present and "school" in present:
        added.append(_sum_up(figures, "school", "district"))
    base = "district" if ("district" in present or added) else None
    source = pl.concat([figures, *added]) if added else figures
    if base is not None:
        if "county" not in present:
            added.append(_sum_up(source, base, "county"))
        if "state" not in present:
            added.append(_sum_up(source, base, "state"))
    return pl.concat([figures, *added]) if added else figures


def _upc(frame: pl.DataFrame) -> pl.DataFrame:
    return _long(_identity(frame), UPC_METRICS)


def _ltel(frame: pl.DataFrame) -> pl.DataFrame:
    frame = _identity(frame.filter(pl.col("gender").str.to_uppercase() == "ALL"))
    grade = pl.col("grade").str.to_uppercase()
    totals = _long(frame.filter(grade == "ALL"), LTEL_METRICS)
    by_grade = _long(
        frame.filter((grade != "ALL") & (pl.col("level") != "school")),
        LTEL_GRADE_METRICS, dimension="grade", dimension_column="grade",
    )
    return pl.concat([totals, by_grade])


def _el_language(frame: pl.DataFrame) -> pl.DataFrame:
    frame = _identity(frame)
    by_language = _long(frame, {"total": "el_count"}, dimension="language",
                        dimension_column="language_code")
    # The EL total of each entity is the sum over its languages.
    keys = [c for c in FIGURE_COLUMNS if c not in ("dimension_value", "value", "suppressed",
                                                   "derived")]
    totals = by_language.group_by(keys).agg(
        pl.col("value").sum(), pl.col("suppressed").any()
    ).with_columns(
        pl.lit("").alias("dimension"),
        pl.lit("").alias("dimension_value"),
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col("value")).alias("value"),
        pl.lit(True).alias("derived"),
    ).select(FIGURE_COLUMNS)
    return pl.concat([by_language.select(FIGURE_COLUMNS), totals])


def _reclassification(frame: pl.DataFrame) -> pl.DataFrame:
    return _long(_identity(frame), RECLASSIFICATION_METRICS)


BUILDERS = {
    "upc": _upc,
    "ltel": _ltel,
    "el_language": _el_language,
    "reclassification": _reclassification,
}


def figure_frame(table: CdeTable) -> pl.DataFrame:
    """Every figure a file gives, long format, with the levels it leaves out summed up."""
    builder = BUILDERS.get(table.kind)
    frame = table.frame
    if builder is None or frame.height == 0:
        return _empty()
    frame = frame.filter(pl.col("level").is_not_null() & pl.col("cds_code").is_not_null())
    figures = builder(frame).select(FIGURE_COLUMNS)
    return _with_missing_levels(figures).select(FIGURE_COLUMNS)


def entity_frame(table: CdeTable, figures: pl.DataFrame | None = None) -> pl.DataFrame:
    """The entities a file names: from the entities file itself, else from its figures."""
    if table.kind == "entities":
        frame = _identity(table.frame.filter(pl.col("level").is_not_null()))
        source = frame.select(
            "level", "cds_code",
            pl.col("entity_name").alias("name"),
            "county_code", "county_name", "district_code", "district_name",
        )
    elif figures is not None and figures.height:
        source = figures.select(
            "level", "cds_code", pl.col("entity_name").alias("name"),
            "county_code", "county_name", "district_code", "district_name",
        )
    else:
        return pl.DataFrame(schema=dict.fromkeys(ENTITY_COLUMNS, pl.String))
    source = source.with_columns(
        pl.when(pl.col("level") == "county").then(pl.col("county_name"))
        .when(pl.col("level") == "state").then(pl.lit(STATE_NAME))
        .otherwise(pl.col("name")).fill_null("").alias("name"),
        pl.col("county_name").fill_null(""),
        pl.col("district_name").fill_null(""),
        pl.col("district_code").fill_null(""),
    )
    return (
        source.filter(pl.col("name") != "")
        .unique(["level", "cds_code"], keep="first", maintain_order=True)
        .select(ENTITY_COLUMNS)
    )
