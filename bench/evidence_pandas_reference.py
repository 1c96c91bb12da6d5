"""An idiomatic, vectorised pandas implementation of the English-learner rules, written for
the benchmark only (groupby/shift/ffill and numpy.select, no loops over students).

It implements the default options of ``alianza.evidence.rules``: ec313.1-2015 LTEL and
at-risk, the Dashboard LTEL group (seven years from first EL classification), reclassification
eligibility with local criteria read from columns, the four-year RFEP monitoring list, and
seal-2024. ``bench/evidence_rules.py`` checks that both give identical results.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

MET, NOT_MET, SKIPPED, MISSING, NA = "met", "not_met", "skipped", "missing", "not_applicable"


def census_day(year: int) -> date:
    first = date(year, 10, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7)


def _months(start: pd.Series, as_of: date) -> pd.Series:
    start = pd.to_datetime(start)
    months = (as_of.year - start.dt.year) * 12 + (as_of.month - start.dt.month)
    return (months - (start.dt.day > as_of.day).astype("Int64")).astype("Int64")


def _status(met, *, applicable=None, missing=None, skipped=None) -> np.ndarray:
    conds, choices = [], []
    if applicable is not None:
        conds.append(~np.asarray(applicable.fillna(False), dtype=bool))
        choices.append(NA)
    if missing is not None:
        conds.append(np.asarray(missing, dtype=bool))
        choices.append(MISSING)
    if skipped is not None:
        conds.append(np.asarray(skipped, dtype=bool))
        choices.append(SKIPPED)
    conds.append(np.asarray(met.fillna(False), dtype=bool))
    choices.append(MET)
    return np.select(conds, choices, default=NOT_MET)


def _flag(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    return ~frame[columns].isin([NOT_MET, MISSING]).any(axis=1)


def features(years: pd.DataFrame, year: int) -> pd.DataFrame:
    hist = years[years["school_year"] <= year].sort_values(["student_id", "school_year"])
    g = hist.groupby("student_id", sort=False)
    sy = hist["school_year"]
    # Prior-year scores by shifting within each student's history.
    # A year may be absent, so the row for "two years ago" is one or two rows back.
    back1, back2 = g["school_year"].shift(1), g["school_year"].shift(2)
    for col, out in (("elpac_level", "level"), ("caaspp_ela_level", "ela")):
        one_back, two_back = g[col].shift(1), g[col].shift(2)
        hist[f"p1_{out}"] = one_back.where(back1 == sy - 1)
        hist[f"p2_{out}"] = one_back.where(back1 == sy - 2).fillna(two_back.where(back2 == sy - 2))
    hist["latest_level_year"] = sy.where(hist["elpac_level"].notna())
    hist["grade11_ela"] = hist["caaspp_ela_level"].where(hist["grade"] == 11)
    filled = [
        "elpac_level",
        "latest_level_year",
        "elpac_oral_level",
        "caaspp_ela_level",
        "grade11_ela",
        "ela_coursework_complete",
        "ela_gpa",
        "ap_english_score",
        "ib_english_score",
        "sat_ebrw_score",
        "us_entry_date",
        "el_entry_date",
        "rfep_date",
    ]
    hist[filled] = g[filled].ffill()
    hist["ever_level4"] = (hist["elpac_level"] == 4).groupby(hist["student_id"]).transform("max")
    hist["first_rfep_year"] = (
        sy.where(hist["el_status"] == "RFEP").groupby(hist["student_id"]).transform("min")
    )
    hist["last_el_year"] = (
        sy.where(hist["el_status"] == "EL").groupby(hist["student_id"]).transform("max")
    )
    cur = (
        hist[sy == year]
        .rename(
            columns={
                "elpac_level": "latest_level",
                "elpac_oral_level": "latest_oral_level",
                "caaspp_ela_level": "latest_ela",
            }
        )
        .drop(columns=["p2_ela"])
    )
    as_of = census_day(year)
    us = _months(cur["us_entry_date"], as_of)
    cur["us_months"] = us.fillna(cur["us_years"].astype("Int64") * 12)
    cur["el_months"] = _months(cur["el_entry_date"], as_of)
    return cur.reset_index(drop=True)


def classify(years: pd.DataFrame, seal: pd.DataFrame, year: int) -> tuple[pd.DataFrame, ...]:
    f = features(years, year)
    as_of = census_day(year)
    grade, months, el = f["grade"], f["us_months"], f["el_status"]
    p1, p2, p1_ela = f["p1_level"], f["p2_level"], f["p1_ela"]
    is_el = _status(el == "EL", missing=el.isna())
    out = pd.DataFrame({"student_id": f["student_id"]})
    out["ltel_el"] = is_el
    out["ltel_grade"] = _status(grade.between(6, 12), missing=grade.isna())
    out["ltel_us_years"] = _status(months >= 72, missing=months.isna())
    out["ltel_eld"] = _status((p1 == p2) | (p1 < p2), skipped=p1.isna() | p2.isna())
    out["ltel_ela"] = _status(p1_ela == 1, applicable=grade.between(6, 9), skipped=p1_ela.isna())
    out["at_risk_el"] = is_el
    out["at_risk_grade"] = _status(grade.between(3, 12), missing=grade.isna())
    out["at_risk_us_years"] = _status(months.between(48, 71), missing=months.isna())
    out["at_risk_eld"] = _status(p1 <= 3, skipped=p1.isna())
    out["at_risk_ela"] = _status(p1_ela == 1, applicable=grade.between(3, 9), skipped=p1_ela.isna())
    ltel_cols = [c for c in out.columns if c.startswith("ltel_")]
    risk_cols = [c for c in out.columns if c.startswith("at_risk_")]
    out["ltel"] = _flag(out, ltel_cols)
    out["at_risk"] = _flag(out, risk_cols)
    el_m = f["el_months"]
    dash = pd.DataFrame(
        {
            "a": is_el,
            "b": _status(grade.between(0, 12), missing=grade.isna()),
            "c": _status(el_m >= 84, missing=el_m.isna()),
        }
    )
    out["dashboard_ltel"] = _flag(dash, ["a", "b", "c"])

    latest = f["latest_level"]
    out["rfep_el"] = is_el
    out["rfep_elpac"] = _status(latest == 4, missing=latest.isna())
    for col, name in (
        ("teacher_evaluation", "rfep_teacher"),
        ("parent_consultation", "rfep_parent"),
        ("basic_skills", "rfep_basic_skills"),
    ):
        out[name] = _status(f[col].astype("boolean"), missing=f[col].isna())
    local = out[["rfep_teacher", "rfep_parent", "rfep_basic_skills"]]
    out["rfep_status"] = np.select(
        [
            out["rfep_el"] != MET,
            (out["rfep_elpac"] != MET) | (local == NOT_MET).any(axis=1),
            (local == MISSING).any(axis=1),
        ],
        ["not_applicable", "not_eligible", "pending_local_criteria"],
        default="eligible",
    )
    # Monitoring: reclassification date, or Census Day of the first RFEP year after an EL year.
    first = f["first_rfep_year"].where(f["last_el_year"] < f["first_rfep_year"])
    days = {y: pd.Timestamp(census_day(int(y))) for y in first.dropna().unique()}
    approx = pd.to_datetime(first.map(days))
    rdate = pd.to_datetime(f["rfep_date"]).fillna(approx)
    ends = rdate + pd.DateOffset(years=4)
    ts = pd.Timestamp(as_of)
    out["rfep_monitoring"] = ((el == "RFEP") & (rdate <= ts) & (ts < ends)).fillna(False)

    s = seal.merge(f, on="student_id", how="inner")
    done, gpa, g11 = s["ela_coursework_complete"], s["ela_gpa"], s["grade11_ela"]
    ap_e, ib_e, sat = s["ap_english_score"], s["ib_english_score"], s["sat_ebrw_score"]
    english = (
        (done.fillna(False).astype(bool) & (gpa >= 3.0).fillna(False))
        | (g11 >= 3).fillna(False)
        | (ap_e >= 3).fillna(False)
        | (ib_e >= 4).fillna(False)
        | (sat >= 480).fillna(False)
    )
    language = (
        (s["ap_score"] >= 3).fillna(False)
        | (s["ib_score"] >= 4).fillna(False)
        | (
            (s["course_years"] >= 4)
            & (s["course_gpa"] >= 3.0)
            & s["oral_proficiency"].fillna(False).astype(bool)
        ).fillna(False)
        | s["district_exam"].fillna(False).astype(bool)
        | (s["sat2_score"] >= 600).fillna(False)
        | (
            s["language"].isin(["ase", "sgn"])
            & s["alternative_evidence"].fillna(False).astype(bool)
        )
    )
    el_s = s["el_status"]
    el_ok = (el_s.notna() & (el_s != "EL")) | (
        (el_s == "EL") & (s["latest_oral_level"] == 4)
    ).fillna(False)
    seal_out = pd.DataFrame(
        {
            "student_id": s["student_id"],
            "language": s["language"],
            "seal_eligible": (english & language & el_ok).astype(bool),
        }
    )
    return out, seal_out
