"""ec313.1-2012 (for comparisons) and the Dashboard LTEL group (ec52052-dashboard)."""

from datetime import date

import pytest

from .helpers import one, run, student

R12 = dict(rules="ec313.1-2012")


def test_2012_needs_more_than_six_years_so_exactly_six_is_not_enough():
    at_six = student(grade=8, entry=date(2018, 10, 2), levels={2022: 2, 2023: 2}, ela={2023: 1})
    assert one(run(at_six))["ltel"] is True
    r = one(run(at_six, **R12))
    assert r["ltel"] is False and r["ltel_us_years"] == "not_met"
    assert r["ltel_rule_set"] == "ec313.1-2012"
    past_six = student(grade=8, entry=date(2018, 9, 1), levels={2022: 2, 2023: 2}, ela={2023: 1})
    assert one(run(past_six, **R12))["ltel"] is True


def test_2012_does_not_count_regression_as_stagnation():
    s = student(grade=8, levels={2022: 3, 2023: 2}, ela={2023: 1})
    assert one(run(s))["ltel_eld"] == "met"
    assert one(run(s, **R12))["ltel_eld"] == "not_met"


def test_2012_applies_the_ela_criterion_in_every_grade_six_to_twelve():
    s = student(grade=11, levels={2022: 2, 2023: 2}, ela={2023: 3})
    assert one(run(s))["ltel"] is True
    assert one(run(s, **R12))["ltel"] is False


@pytest.mark.parametrize(("grade", "flagged"), [(4, False), (5, True), (11, True), (12, False)])
def test_2012_at_risk_covers_grades_five_to_eleven_and_four_years(grade, flagged):
    s = student(grade=grade, entry=date(2020, 8, 1), levels={2023: 2}, ela={2023: 1})
    assert one(run(s, **R12))["at_risk"] is flagged


def test_2012_at_risk_ela_year_is_an_explicit_option():
    # Entered 2019-20: the fourth US school year is 2022-23; the prior year 2023-24.
    s = student(grade=6, entry=date(2020, 8, 1), levels={2023: 2}, ela={2022: 1, 2023: 3})
    assert one(run(s, **R12))["at_risk"] is False
    r = run(s, **R12, at_risk_2012_ela_year="fourth_us_year")
    assert one(r)["at_risk"] is False  # entered in 2020-21, so its fourth year is 2023-24
    s = student(grade=6, entry=date(2019, 11, 1), levels={2023: 2}, ela={2022: 1, 2023: 3})
    r = run(s, **R12, at_risk_2012_ela_year="fourth_us_year")
    assert one(r)["at_risk"] is True
    assert r.manifest["uncertain_choices"]["at_risk_2012_ela_year"] == "fourth_us_year"


def test_the_same_student_is_never_both_ltel_and_at_risk_under_either_rule_set():
    for entry in (date(2018, 10, 2), date(2018, 10, 3), date(2018, 6, 1)):
        s = student(grade=8, entry=entry, levels={2022: 2, 2023: 2}, ela={2023: 1})
        for rules in ("ec313.1-2015", "ec313.1-2012"):
            r = one(run(s, rules=rules))
            assert not (r["ltel"] and r["at_risk"])


# --- Dashboard LTEL -----------------------------------------------------------------------


def test_dashboard_ltel_counts_seven_years_from_first_el_classification():
    at_seven = student(grade=7, el_entry_date=date(2017, 10, 2))
    short = student("S2", grade=7, el_entry_date=date(2017, 10, 3))
    r = run(at_seven, short)
    assert one(r)["dashboard_ltel"] is True
    assert one(r, "S2")["dashboard_ltel"] is False
    assert one(r)["dashboard_rule_set"] == "ec52052-dashboard"


def test_dashboard_counting_details_are_parameters_reported_in_the_manifest():
    s = student(grade=3, entry=date(2016, 8, 1), el_entry_date=date(2019, 8, 1), levels={2022: 4})
    assert one(run(s))["dashboard_ltel"] is False
    r = run(s, dashboard_clock_start="us_entry_date")
    assert one(r)["dashboard_ltel"] is True
    assert r.manifest["uncertain_choices"]["dashboard_clock_start"] == "us_entry_date"
    r = run(s, dashboard_clock_start="us_entry_date", dashboard_proficiency="elpac_level_4")
    assert one(r)["dashboard_ltel"] is False
    r = run(s, dashboard_clock_start="us_entry_date", dashboard_grades=tuple(range(6, 13)))
    assert one(r)["dashboard_ltel"] is False


def test_dashboard_ltel_without_a_first_classification_date_is_missing_not_guessed():
    r = one(run(student(grade=9)))
    assert r["dash_ltel_years"] == "missing" and r["dashboard_ltel"] is False
