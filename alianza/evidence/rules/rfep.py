"""Reclassification eligibility (EC 313(f), 5 CCR 11303) and the RFEP monitoring list
(5 CCR 11304): criteria as columnar status expressions."""

from __future__ import annotations

from datetime import date

import polars as pl

from .features import STATUS, status
from .options import Options

Criteria = dict[str, pl.Expr]


def _local(column: str, mode: str) -> pl.Expr:
    if mode == "not_used":
        return pl.lit("not_applicable", dtype=STATUS)
    return status(pl.col(column), missing=pl.col(column).is_null())


def rfep_criteria(options: Options) -> Criteria:
    local = options.local_criteria
    if local.basic_skills == "caaspp":
        latest = pl.col("latest_ela")
        basic = status(latest >= local.basic_skills_min_caaspp_level, missing=latest.is_null())
    else:
        basic = _local("basic_skills", local.basic_skills)
    level = pl.col("latest_level")
    return {
        "rfep_el": status(pl.col("el_status") == "EL", missing=pl.col("el_status").is_null()),
        "rfep_elpac": status(level == 4, missing=level.is_null()),
        "rfep_teacher": _local("teacher_evaluation", local.teacher_evaluation),
        "rfep_parent": _local("parent_consultation", local.parent_consultation),
        "rfep_basic_skills": basic,
    }


def rfep_status(columns: list[str]) -> pl.Expr:
    """eligible / pending_local_criteria / not_eligible / not_applicable (not an EL)."""
    s = {c: pl.col(c) for c in columns}
    local = [s[c] for c in columns if c not in ("rfep_el", "rfep_elpac")]
    not_met, missing, met = (pl.lit(v, dtype=STATUS) for v in ("not_met", "missing", "met"))
    any_local = pl.any_horizontal([x == not_met for x in local]) if local else pl.lit(False)
    pending = pl.any_horizontal([x == missing for x in local]) if local else pl.lit(False)
    return (
        pl.when(s["rfep_el"] != met)
        .then(pl.lit("not_applicable"))
        .when((s["rfep_elpac"] != met) | any_local)
        .then(pl.lit("not_eligible"))
        .when(pending)
        .then(pl.lit("pending_local_criteria"))
        .otherwise(pl.lit("eligible"))
        .cast(pl.Enum(["eligible", "pending_local_criteria", "not_eligible", "not_applicable"]))
    )


def monitoring_columns(options: Options, as_of: date) -> list[list[pl.Expr]]:
    """RFEP students inside their monitoring period on ``as_of``, as two stages of columns
    (the second reads the reclassification date and end date the first computes once).

    Without a reclassification date, the Census Day of the first year recorded as RFEP stands
    in for it, but only when the history shows the change from EL (otherwise the student may
    have been reclassified long before the file starts). It is the latest date the change can
    have happened, so monitoring is never cut short; ``rfep_date_source`` says so.
    """
    seen_change = pl.col("last_el_year") < pl.col("first_rfep_year")
    first_year = pl.when(seen_change).then(pl.col("first_rfep_year"))
    october = pl.date(first_year.cast(pl.Int32), 10, 1)
    # Move 1 October to that year's Census Day, the first Wednesday (ISO weekday 3).
    approx = october + pl.duration(days=(10 - october.dt.weekday().cast(pl.Int32)) % 7)
    is_rfep = pl.col("el_status") == "RFEP"
    rdate, ends = pl.col("rfep_reclassified_on"), pl.col("rfep_monitoring_ends")
    inside = (rdate <= pl.lit(as_of)) & (pl.lit(as_of) < ends)
    elapsed = (
        (as_of.year - rdate.dt.year().cast(pl.Int32)) * 12
        + (as_of.month - rdate.dt.month().cast(pl.Int32))
        - (rdate.dt.day().cast(pl.Int32) > as_of.day).cast(pl.Int32)
    )
    first = [
        pl.when(is_rfep)
        .then(pl.coalesce(pl.col("rfep_date"), approx))
        .alias("rfep_reclassified_on"),
        pl.when(is_rfep & pl.col("rfep_date").is_null() & first_year.is_not_null())
        .then(pl.lit("first year recorded as RFEP"))
        .when(is_rfep & pl.col("rfep_date").is_not_null())
        .then(pl.lit("reclassification date"))
        .alias("rfep_date_source"),
    ]
    second = [
        rdate.dt.offset_by(f"{options.rfep_monitoring_years}y").alias("rfep_monitoring_ends"),
    ]
    third = [
        status(inside, applicable=is_rfep, missing=rdate.is_null()).alias("rfep_monitoring_period"),
        pl.when(inside).then((elapsed // 12 + 1).cast(pl.Int8)).alias("rfep_monitoring_year"),
    ]
    return [first, second, third]
