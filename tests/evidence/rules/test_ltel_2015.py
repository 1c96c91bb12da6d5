"""ec313.1-2015: every LTEL and at-risk criterion and its edges."""

from datetime import date

import pytest

from .helpers import YEAR, one, run, student

# A textbook LTEL: grade 8, nine years in US schools, stuck at level 2, Standard Not Met.
LTEL = dict(grade=8, levels={2022: 2, 2023: 2}, ela={2023: 1})


def test_a_textbook_long_term_english_learner_is_flagged_with_every_criterion_met():
    r = one(run(student(**LTEL)))
    assert r["ltel"] is True
    assert [r[c] for c in ("ltel_el", "ltel_grade", "ltel_us_years", "ltel_eld", "ltel_ela")] == [
        "met"
    ] * 5
    assert r["ltel_rule_set"] == "ec313.1-2015"
    assert "SB 750" in r["ltel_citation"]
    assert "grade in range: met (grade 8)" in r["ltel_reasons"]


@pytest.mark.parametrize(("grade", "flagged"), [(5, False), (6, True), (12, True), (13, False)])
def test_ltel_grade_boundaries_are_six_to_twelve(grade, flagged):
    ela = {2023: 1} if grade <= 9 else {}
    r = one(run(student(grade=grade, levels={2022: 2, 2023: 2}, ela=ela)))
    assert r["ltel"] is flagged


@pytest.mark.parametrize(
    ("entry", "flagged"),
    [
        (date(2018, 10, 2), True),  # exactly six years on Census Day (2 Oct 2024)
        (date(2018, 10, 3), False),  # one day short of six years
        (date(2018, 9, 30), True),
    ],
)
def test_exactly_six_years_in_us_schools_counts_as_six_or_more(entry, flagged):
    r = one(run(student(entry=entry, **LTEL)))
    assert r["ltel"] is flagged
    assert r["us_years_completed"] == (6 if flagged else 5)


def test_years_in_us_schools_may_be_given_as_a_number_instead_of_a_date():
    r = one(run(student(entry=None, us_years=6, **LTEL)))
    assert r["ltel_us_years"] == "met"
    assert one(run(student(entry=None, us_years=5, **LTEL)))["ltel_us_years"] == "not_met"


def test_missing_entry_date_and_years_means_the_student_cannot_be_flagged():
    r = one(run(student(entry=None, **LTEL)))
    assert r["ltel_us_years"] == "missing"
    assert r["ltel"] is False


@pytest.mark.parametrize(
    ("levels", "status"),
    [
        ({2022: 2, 2023: 2}, "met"),  # stagnation
        ({2022: 3, 2023: 2}, "met"),  # regression
        ({2022: 2, 2023: 3}, "not_met"),  # progress
        ({2021: 2, 2022: 2, 2023: 3}, "not_met"),  # stuck earlier, progressed last year
        ({2023: 2}, "skipped"),  # only one prior year
        ({2022: 2}, "skipped"),
    ],
)
def test_stagnation_and_regression_use_the_two_most_recent_prior_years(levels, status):
    r = one(run(student(grade=8, levels=levels, ela={2023: 1})))
    assert r["ltel_eld"] == status
    assert r["ltel"] is (status != "not_met")


def test_any_consecutive_pair_option_looks_further_back():
    levels = {2021: 2, 2022: 2, 2023: 3}
    r = one(run(student(grade=8, levels=levels, ela={2023: 1}), stagnation_window="any"))
    assert r["ltel_eld"] == "met"


def test_the_current_year_score_is_not_a_prior_year_score():
    r = one(run(student(grade=8, levels={2023: 2, YEAR: 2}, ela={2023: 1})))
    assert r["ltel_eld"] == "skipped"


def test_ela_criterion_applies_to_grades_six_to_nine_only():
    grade9 = one(run(student(grade=9, levels={2022: 2, 2023: 2}, ela={2023: 3})))
    assert grade9["ltel_ela"] == "not_met" and grade9["ltel"] is False
    grade10 = one(run(student(grade=10, levels={2022: 2, 2023: 2}, ela={2023: 3})))
    assert grade10["ltel_ela"] == "not_applicable" and grade10["ltel"] is True


def test_nearly_met_is_not_standard_not_met():
    r = one(run(student(grade=7, levels={2022: 2, 2023: 2}, ela={2023: 2})))
    assert r["ltel_ela"] == "not_met"


def test_missing_test_results_are_skipped_not_held_against_the_student():
    r = one(run(student(grade=7)))
    assert (r["ltel_eld"], r["ltel_ela"]) == ("skipped", "skipped")
    assert r["ltel"] is True
    assert "skipped" in r["ltel_reasons"]


def test_the_exclude_policy_does_not_flag_students_with_missing_results():
    assert one(run(student(grade=7), missing_test_policy="exclude"))["ltel"] is False


@pytest.mark.parametrize("status", ["EO", "IFEP", "RFEP", "TBD", None])
def test_students_who_are_not_english_learners_are_never_flagged(status):
    r = one(run(student(status=status, **LTEL)))
    assert r["ltel"] is False and r["at_risk"] is False and r["dashboard_ltel"] is False
    assert r["ltel_el"] == ("missing" if status is None else "not_met")


# --- at risk ------------------------------------------------------------------------------

AT_RISK = dict(grade=5, entry=date(2020, 8, 20), levels={2023: 3}, ela={2023: 1})


def test_a_student_four_years_in_with_low_scores_is_at_risk():
    r = one(run(student(**AT_RISK)))
    assert r["at_risk"] is True and r["ltel"] is False


@pytest.mark.parametrize(
    ("entry", "flagged"),
    [
        (date(2020, 10, 2), True),  # exactly four years
        (date(2020, 10, 3), False),  # three years and 364 days
        (date(2018, 10, 3), True),  # five years and 364 days
        (date(2018, 10, 2), False),  # exactly six years: LTEL territory, not at risk
    ],
)
def test_at_risk_covers_four_to_five_years_in_us_schools(entry, flagged):
    r = one(run(student(**{**AT_RISK, "entry": entry})))
    assert r["at_risk"] is flagged


@pytest.mark.parametrize(("grade", "flagged"), [(2, False), (3, True), (12, True)])
def test_at_risk_grade_boundaries_are_three_to_twelve(grade, flagged):
    ela = {2023: 1} if grade <= 9 else {}
    r = one(run(student(**{**AT_RISK, "grade": grade, "ela": ela})))
    assert r["at_risk"] is flagged


def test_at_risk_needs_elpac_level_three_or_below_in_the_prior_year():
    assert one(run(student(**{**AT_RISK, "levels": {2023: 4}})))["at_risk_eld"] == "not_met"
    assert one(run(student(**{**AT_RISK, "levels": {2023: 1}})))["at_risk_eld"] == "met"


def test_at_risk_ela_applies_to_grades_three_to_nine_only():
    g9 = one(run(student(**{**AT_RISK, "grade": 9, "ela": {2023: 3}})))
    g10 = one(run(student(**{**AT_RISK, "grade": 10, "ela": {2023: 3}})))
    assert (g9["at_risk"], g10["at_risk"]) == (False, True)
    assert g10["at_risk_ela"] == "not_applicable"
