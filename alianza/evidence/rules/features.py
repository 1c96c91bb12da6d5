"""Per-student facts as of one school year, derived from the yearly history in one pass.

Everything the rule sets look at (prior-year levels, years in US schools, latest scores) is
computed here as columnar expressions, so the rule modules stay short and declarative.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from .frames import census_day
from .options import Options

STATUS = pl.Enum(["met", "not_met", "skipped", "missing", "not_applicable"])

# Evidence columns taken from the latest year that has a value, up to the evaluated year.
_LATEST = (
    "ela_coursework_complete",
    "ela_gpa",
    "ap_english_score",
    "ib_english_score",
    "sat_ebrw_score",
    "us_entry_date",
    "el_entry_date",
    "rfep_date",
    "birth_date",
)
_CURRENT = (
    "school_code",
    "grade",
    "el_status",
    "language",
    "student_groups",
    "us_years",
    "teacher_evaluation",
    "parent_consultation",
    "basic_skills",
)


def resolve_year(years: pl.LazyFrame, options: Options) -> tuple[int, date]:
    """The school year evaluated and its count date."""
    year = options.school_year
    if year is None:
        found = years.select(pl.col("school_year").max()).collect().item()
        if found is None:
            raise ValueError("The student file has no rows with a school year.")
        year = int(found)
    return year, options.as_of or census_day(year)


def completed_months(start: pl.Expr, as_of: date) -> pl.Expr:
    """Whole calendar months from ``start`` to ``as_of`` (an anniversary counts as complete)."""
    months = (as_of.year - start.dt.year().cast(pl.Int32)) * 12 + (
        as_of.month - start.dt.month().cast(pl.Int32)
    )
    return months - (start.dt.day().cast(pl.Int32) > as_of.day).cast(pl.Int32)


def student_features(years: pl.LazyFrame, options: Options) -> tuple[pl.LazyFrame, int, date]:
    """One row per student enrolled in the evaluated year, with everything the rules need."""
    year, as_of = resolve_year(years, options)
    sy = pl.col("school_year")
    # Rows keep their input order inside each group, so sorting by year alone (cheap: a
    # small integer) makes "last" mean "latest year" for every student.
    hist = years.filter(sy <= year).sort("school_year")
    lvl = pl.col("elpac_level")
    ela = pl.col("caaspp_ela_level")

    aggs: list[pl.Expr] = [
        lvl.filter(sy == year - 1).first().alias("p1_level"),
        lvl.filter(sy == year - 2).first().alias("p2_level"),
        ela.filter(sy == year - 1).first().alias("p1_ela"),
        lvl.drop_nulls().last().alias("latest_level"),
        sy.filter(lvl.is_not_null()).max().alias("latest_level_year"),
        pl.col("elpac_oral_level").drop_nulls().last().alias("latest_oral_level"),
        ela.drop_nulls().last().alias("latest_ela"),
        (lvl == 4).any().alias("ever_level4"),
        ela.filter(pl.col("grade") == 11).drop_nulls().last().alias("grade11_ela"),
        sy.filter(pl.col("el_status") == "RFEP").min().alias("first_rfep_year"),
        sy.filter(pl.col("el_status") == "EL").max().alias("last_el_year"),
    ]
    aggs += [pl.col(c).drop_nulls().last().alias(c) for c in _LATEST]
    if options.stagnation_window == "any":
        # Consecutive school-year pairs strictly before the evaluated year.
        prior = pl.col("_prev_year").is_not_null() & (sy < year)
        aggs += [
            (prior & (lvl == pl.col("_prev_level"))).any().alias("any_same"),
            (prior & (lvl < pl.col("_prev_level"))).any().alias("any_regressed"),
            (prior & lvl.is_not_null() & pl.col("_prev_level").is_not_null())
            .sum()
            .alias("n_pairs"),
        ]
        hist = hist.with_columns(
            pl.when(sy.shift(1).over("student_id") == sy - 1)
            .then(lvl.shift(1).over("student_id"))
            .alias("_prev_level"),
            pl.when(sy.shift(1).over("student_id") == sy - 1)
            .then(sy.shift(1).over("student_id"))
            .alias("_prev_year"),
        )
    if options.at_risk_2012_ela_year == "fourth_us_year":
        # The school year that starts the student's fourth year in US schools.
        entry = pl.col("us_entry_date")
        entry_sy = entry.dt.year() - (entry.dt.month() < 7).cast(pl.Int32)
        hist = hist.with_columns(entry_sy.cast(pl.Int16).alias("_entry_sy"))
        aggs.append(
            ela.filter(sy == pl.col("_entry_sy").drop_nulls().first() + 3)
            .first()
            .alias("fourth_year_ela")
        )

    # The evaluated year's own fields are taken in the same pass (no join on the student id).
    aggs += [pl.col(c).filter(sy == year).first().alias(c) for c in _CURRENT]
    aggs.append((sy == year).any().alias("_enrolled"))
    facts = hist.group_by("student_id").agg(aggs).filter(pl.col("_enrolled")).drop("_enrolled")
    out = facts.with_columns(
        pl.when(pl.col("us_entry_date").is_not_null())
        .then(completed_months(pl.col("us_entry_date"), as_of))
        .otherwise(pl.col("us_years").cast(pl.Int32) * 12)
        .alias("us_months"),
        completed_months(pl.col("el_entry_date"), as_of).alias("el_months"),
    )
    return out, year, as_of


def status(
    met: pl.Expr,
    *,
    applicable: pl.Expr | None = None,
    missing: pl.Expr | None = None,
    skipped: pl.Expr | None = None,
) -> pl.Expr:
    """A criterion's status. Order matters: not applicable, missing data, skipped, met."""
    # Enum literals throughout: statuses stay one byte per row, never strings.
    expr = pl.when(pl.lit(False)).then(_s("met"))
    if applicable is not None:
        expr = expr.when(~applicable.fill_null(False)).then(_s("not_applicable"))
    if missing is not None:
        expr = expr.when(missing).then(_s("missing"))
    if skipped is not None:
        expr = expr.when(skipped).then(_s("skipped"))
    return expr.when(met.fill_null(False)).then(_s("met")).otherwise(_s("not_met"))


def _s(value: str) -> pl.Expr:
    return pl.lit(value, dtype=STATUS)


def flag(columns: list[str], options: Options) -> pl.Expr:
    """True when no criterion failed and no required fact is missing."""
    blocking = ["not_met", "missing"]
    if options.missing_test_policy == "exclude":
        blocking.append("skipped")
    ok = [pl.all_horizontal(pl.col(c) != _s(b) for b in blocking) for c in columns]
    return pl.all_horizontal(ok)
