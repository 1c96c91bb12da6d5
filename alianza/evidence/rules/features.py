"""Per-student facts as of one school year, derived from the yearly history in one pass.

Everything the rule sets look at (prior-year levels, years in US schools, latest scores) is
computed here as columnar expressions, so the rule modules stay short and declarative.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from .errors import LayoutError
from .frames import census_day
from .options import Options

STATUS = pl.Enum(["met", "not_met", "skipped", "missing", "not_applicable"])

# Dates taken from the latest year that has a value, up to the evaluated year.
_LATEST = ("us_entry_date", "el_entry_date", "rfep_date")
# Seal English evidence, likewise, but only for students with Seal rows (see english_evidence).
ENGLISH_EVIDENCE = (
    "ela_coursework_complete",
    "ela_gpa",
    "ap_english_score",
    "ib_english_score",
    "sat_ebrw_score",
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
            raise LayoutError("no_rows")
        year = int(found)
    return year, options.as_of or census_day(year)


def completed_months(start: pl.Expr, as_of: date) -> pl.Expr:
    """Whole calendar months from ``start`` to ``as_of`` (an anniversary counts as complete)."""
    months = (as_of.year - start.dt.year().cast(pl.Int32)) * 12 + (
        as_of.month - start.dt.month().cast(pl.Int32)
    )
    return months - (start.dt.day().cast(pl.Int32) > as_of.day).cast(pl.Int32)


def student_features(years: pl.LazyFrame, options: Options) -> tuple[pl.LazyFrame, int, date]:
    """One row per student enrolled in the evaluated year, with everything the rules need.

    The history is sorted once by (student, year); every fact is then an element-wise
    expression over neighbouring rows (shift, forward fill) guarded by "same student", which
    is far cheaper than a group-by with dozens of filtered aggregations. The evaluated year's
    row is each student's last row, so the facts are read there and the other rows dropped.
    """
    year, as_of = resolve_year(years, options)
    sy = pl.col("school_year")
    key = pl.col("_k")
    row = pl.col("_row")
    start = pl.col("_start")
    same = pl.col("_same")

    def latest(value: pl.Expr) -> pl.Expr:
        """The student's most recent non-null value up to this row."""
        last = pl.when(value.is_not_null()).then(row).forward_fill()
        return pl.when(last >= start).then(value.forward_fill())

    def ever(condition: pl.Expr) -> pl.Expr:
        return (pl.when(condition).then(row).forward_fill() >= start).fill_null(False)

    def back(value: pl.Expr, years_back: int) -> pl.Expr:
        """The value of the row ``years_back`` school years earlier (one or two rows up)."""
        expr = pl.when(same & (sy.shift(1) == sy - years_back)).then(value.shift(1))
        if years_back == 2:
            expr = expr.when(same & same.shift(1) & (sy.shift(2) == sy - 2)).then(value.shift(2))
        return expr

    lvl = pl.col("elpac_level")
    ela = pl.col("caaspp_ela_level")
    # A dense code for the student (the id is hashed once); text columns of the evaluated
    # year are set aside and joined back on that code, so the sort moves only small columns.
    base = years.filter(sy <= year).with_columns(
        pl.col("student_id").cast(pl.Categorical).to_physical().alias("_k")
    )
    current = base.filter(sy == year).select("_k", "student_id", *_CURRENT)
    hist = (
        base.select(
            "_k",
            "school_year",
            "grade",
            "elpac_level",
            "elpac_oral_level",
            "caaspp_ela_level",
            (pl.col("el_status") == "EL").alias("_is_el"),
            (pl.col("el_status") == "RFEP").alias("_is_rfep"),
            *_LATEST,
        )
        .sort(key.cast(pl.UInt64) * 65536 + sy.cast(pl.UInt64))
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"))
        .with_columns((key == key.shift(1)).fill_null(False).alias("_same"))
        .with_columns(pl.when(~same).then(row).forward_fill().alias("_start"))
    )
    # First RFEP row: look forward from the student's first row (backward fill), then read
    # that position from each row through a gather on the start index.
    first_rfep_row = pl.when(pl.col("_is_rfep")).then(row).backward_fill()
    facts: list[pl.Expr] = [
        back(lvl, 1).alias("p1_level"),
        back(lvl, 2).alias("p2_level"),
        back(ela, 1).alias("p1_ela"),
        latest(lvl).alias("latest_level"),
        latest(pl.when(lvl.is_not_null()).then(sy)).alias("latest_level_year"),
        latest(pl.col("elpac_oral_level")).alias("latest_oral_level"),
        latest(ela).alias("latest_ela"),
        ever(lvl == 4).alias("ever_level4"),
        latest(pl.when(pl.col("grade") == 11).then(ela)).alias("grade11_ela"),
        first_rfep_row.alias("_first_rfep_row"),
        latest(pl.when(pl.col("_is_el")).then(sy)).alias("last_el_year"),
        *(latest(pl.col(c)).alias(c) for c in _LATEST),
    ]
    if options.stagnation_window == "any":
        pair = same & (sy.shift(1) == sy - 1) & (sy < year)
        facts += [
            ever(pair & (lvl == lvl.shift(1))).alias("any_same"),
            ever(pair & (lvl < lvl.shift(1))).alias("any_regressed"),
            ever(pair & lvl.is_not_null() & lvl.shift(1).is_not_null())
            .cast(pl.Int8)
            .alias("n_pairs"),
        ]
    if options.at_risk_2012_ela_year == "fourth_us_year":
        # The school year that starts the student's fourth year in US schools.
        entry = pl.col("us_entry_date")
        entry_sy = entry.dt.year() - (entry.dt.month() < 7).cast(pl.Int32)
        facts.append(latest(pl.when(sy == entry_sy + 3).then(ela)).alias("fourth_year_ela"))

    rfep_at = pl.col("_first_rfep_row").gather(start)
    out = (
        hist.with_columns(facts)
        .with_columns(
            pl.when((rfep_at <= row) & (key.gather(rfep_at.fill_null(0)) == key))
            .then(sy.gather(rfep_at.fill_null(0)))
            .alias("first_rfep_year")
        )
        .filter(sy == year)
        .drop("_row", "_same", "_start", "_first_rfep_row", "_is_el", "_is_rfep", "grade")
        .drop("school_year", "elpac_level", "elpac_oral_level", "caaspp_ela_level")
        .join(current, on="_k", how="inner")
        .drop("_k")
        .with_columns(
            pl.when(pl.col("us_entry_date").is_not_null())
            .then(completed_months(pl.col("us_entry_date"), as_of))
            .otherwise(pl.col("us_years").cast(pl.Int32) * 12)
            .alias("us_months"),
            completed_months(pl.col("el_entry_date"), as_of).alias("el_months"),
        )
    )
    return out, year, as_of


def english_evidence(years: pl.LazyFrame, seal: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """Latest Seal English evidence up to ``year``, for the students who have Seal rows only
    (a few percent of a district), so the whole-district pass carries no Seal columns."""
    ids = seal.select("student_id").unique()
    return (
        years.filter(pl.col("school_year") <= year)
        .join(ids, on="student_id", how="semi")
        .sort("school_year")  # group order follows row order: "last" is the latest year
        .group_by("student_id")
        .agg(pl.col(c).drop_nulls().last() for c in ENGLISH_EVIDENCE)
    )


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
