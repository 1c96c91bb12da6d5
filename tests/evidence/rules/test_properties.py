"""Invariants of the rule engine over generated student histories (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alianza.evidence.rules import Options, evaluate

from .helpers import YEAR, frame

levels = st.one_of(st.none(), st.integers(1, 4))
histories = st.lists(
    st.fixed_dictionaries(
        {
            "grade": st.integers(-1, 12),
            "status": st.sampled_from(["EL", "EO", "IFEP", "RFEP", "TBD", None]),
            "entry_days": st.one_of(st.none(), st.integers(0, 12 * 366)),
            "us_years": st.one_of(st.none(), st.integers(0, 12)),
            "levels": st.lists(levels, min_size=5, max_size=5),
            "ela": st.lists(levels, min_size=5, max_size=5),
            "el_entry_days": st.one_of(st.none(), st.integers(0, 12 * 366)),
            "local": st.lists(st.one_of(st.none(), st.booleans()), min_size=3, max_size=3),
        }
    ),
    min_size=1,
    max_size=25,
)
options = st.builds(
    Options,
    missing_test_policy=st.sampled_from(["skip", "exclude"]),
    stagnation_window=st.sampled_from(["most_recent", "any"]),
    at_risk_2012_ela_year=st.sampled_from(["prior_year", "fourth_us_year"]),
    dashboard_proficiency=st.sampled_from(["reclassified", "elpac_level_4"]),
)


def _rows(drawn: list[dict]) -> list[list[dict]]:
    census = date(YEAR, 10, 2)
    students = []
    for i, d in enumerate(drawn):
        rows = []
        for back in range(5, -1, -1):
            y = YEAR - back
            entry = (
                census - timedelta(days=d["entry_days"]) if d["entry_days"] is not None else None
            )
            el_entry = (
                census - timedelta(days=d["el_entry_days"])
                if d["el_entry_days"] is not None
                else None
            )
            rows.append(
                {
                    "student_id": f"s{i}",
                    "school_year": y,
                    "grade": max(d["grade"] - back, -1),
                    "el_status": d["status"],
                    "us_entry_date": entry,
                    "us_years": d["us_years"],
                    "el_entry_date": el_entry,
                    "elpac_level": d["levels"][back - 1] if back else None,
                    "caaspp_ela_level": d["ela"][back - 1] if back else None,
                    "teacher_evaluation": d["local"][0],
                    "parent_consultation": d["local"][1],
                    "basic_skills": d["local"][2],
                }
            )
        students.append(rows)
    return students


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=histories, opts=options, rules=st.sampled_from(["ec313.1-2015", "ec313.1-2012"]))
def test_flags_are_consistent_with_the_law_and_their_reasons(drawn, opts, rules):
    result = evaluate(frame(*_rows(drawn)), rules=rules, options=opts)
    s = result.students
    assert s.height == len(drawn)
    # No student is both a long-term English learner and at risk of becoming one.
    assert not s.select((pl.col("ltel") & pl.col("at_risk")).any()).item()
    # Only English learners are ever flagged (never IFEP, EO, RFEP, TBD or unknown).
    not_el = s.filter(pl.col("el_status").fill_null("") != "EL")
    assert not not_el.select(pl.any_horizontal("ltel", "at_risk", "dashboard_ltel").any()).item()
    assert set(not_el["rfep_status"].cast(pl.String)) <= {"not_applicable"}
    # A flag is never raised over a failed criterion or missing required data.
    for name, prefix in (("ltel", "ltel_"), ("at_risk", "at_risk_")):
        crit = [c for c in s.columns if c.startswith(prefix) and s[c].dtype == pl.Enum]
        flagged = s.filter(pl.col(name))
        for c in crit:
            assert not flagged[c].cast(pl.String).is_in(["not_met", "missing"]).any()
        assert flagged["ltel_rule_set"].cast(pl.String).eq(rules).all()
    # RFEP eligibility needs ELPAC level 4.
    eligible = s.filter(pl.col("rfep_status") == "eligible")
    assert (eligible["latest_level"] == 4).all()
    # Only RFEP students are on the monitoring list.
    assert (s.filter(pl.col("rfep_monitoring"))["el_status"] == "RFEP").all()
