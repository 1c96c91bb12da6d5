"""Long-term English learners and students at risk of becoming LTELs (EC 313.1), and the
Dashboard LTEL student group (EC 52052), as columnar criteria.

Each function returns an ordered mapping criterion-column -> status expression over the frame
built by :func:`features.student_features`. Flags are computed from the statuses, so the
reasons and the flag can never disagree.
"""

from __future__ import annotations

import polars as pl

from .features import status
from .options import Options

Criteria = dict[str, pl.Expr]

_grade = pl.col("grade")
_months = pl.col("us_months")
_p1 = pl.col("p1_level")
_p2 = pl.col("p2_level")
_p1_ela = pl.col("p1_ela")


def _is_el() -> pl.Expr:
    return status(pl.col("el_status") == "EL", missing=pl.col("el_status").is_null())


def _in_grades(lo: int, hi: int) -> pl.Expr:
    return status(_grade.is_between(lo, hi), missing=_grade.is_null())


def _eld_same_or_regressed(options: Options, *, allow_regression: bool) -> pl.Expr:
    """Same ELPAC level in two consecutive prior years (or, if allowed, a drop)."""
    if options.stagnation_window == "any":
        met = pl.col("any_same") | (pl.col("any_regressed") if allow_regression else False)
        return status(met, skipped=pl.col("n_pairs").fill_null(0) == 0)
    met = (_p1 == _p2) | ((_p1 < _p2) if allow_regression else pl.lit(False))
    return status(met, skipped=_p1.is_null() | _p2.is_null())


def _ela_low(value: pl.Expr, options: Options, applicable: pl.Expr | None = None) -> pl.Expr:
    return status(
        value.is_in(list(options.ela_low_levels)),
        applicable=applicable,
        skipped=value.is_null(),
    )


def ltel_2015(options: Options) -> Criteria:
    return {
        "ltel_el": _is_el(),
        "ltel_grade": _in_grades(6, 12),
        "ltel_us_years": status(_months >= 72, missing=_months.is_null()),
        "ltel_eld": _eld_same_or_regressed(options, allow_regression=True),
        "ltel_ela": _ela_low(_p1_ela, options, applicable=_grade.is_between(6, 9)),
    }


def at_risk_2015(options: Options) -> Criteria:
    return {
        "at_risk_el": _is_el(),
        "at_risk_grade": _in_grades(3, 12),
        "at_risk_us_years": status(_months.is_between(48, 71), missing=_months.is_null()),
        "at_risk_eld": status(_p1 <= options.at_risk_max_elpac_level, skipped=_p1.is_null()),
        "at_risk_ela": _ela_low(_p1_ela, options, applicable=_grade.is_between(3, 9)),
    }


def ltel_2012(options: Options) -> Criteria:
    return {
        "ltel_el": _is_el(),
        "ltel_grade": _in_grades(6, 12),
        # "more than six years": strictly past the sixth anniversary month.
        "ltel_us_years": status(_months > 72, missing=_months.is_null()),
        "ltel_eld": _eld_same_or_regressed(options, allow_regression=False),
        "ltel_ela": _ela_low(_p1_ela, options),
    }


def at_risk_2012(options: Options) -> Criteria:
    ela = (
        pl.col("fourth_year_ela") if options.at_risk_2012_ela_year == "fourth_us_year" else _p1_ela
    )
    return {
        "at_risk_el": _is_el(),
        "at_risk_grade": _in_grades(5, 11),
        "at_risk_us_years": status(_months.is_between(48, 59), missing=_months.is_null()),
        "at_risk_eld": status(_p1 <= options.at_risk_max_elpac_level, skipped=_p1.is_null()),
        "at_risk_ela": _ela_low(ela, options),
    }


def dashboard_ltel(options: Options) -> Criteria:
    clock = (
        pl.col("el_months")
        if options.dashboard_clock_start == "el_entry_date"
        else pl.col("us_months")
    )
    criteria: Criteria = {
        "dash_ltel_el": _is_el(),
        "dash_ltel_grade": status(
            _grade.is_in(list(options.dashboard_grades)), missing=_grade.is_null()
        ),
        "dash_ltel_years": status(clock >= 12 * options.dashboard_years, missing=clock.is_null()),
    }
    if options.dashboard_proficiency == "elpac_level_4":
        criteria["dash_ltel_not_proficient"] = status(~pl.col("ever_level4").fill_null(False))
    return criteria


LTEL_CRITERIA = {
    "ec313.1-2015": (ltel_2015, at_risk_2015),
    "ec313.1-2012": (ltel_2012, at_risk_2012),
}
