"""Reclassification eligibility (ELPAC level 4 + local criteria) and the monitoring list."""

from datetime import date

from alianza.evidence.rules import LocalCriteria

from .helpers import one, run, student


def test_level_four_with_all_local_criteria_met_is_eligible():
    s = student(
        levels={2023: 4}, teacher_evaluation=True, parent_consultation=True, basic_skills=True
    )
    r = one(run(s))
    assert r["rfep_status"] == "eligible"
    assert r["rfep_rule_set"] == "rfep-2019"


def test_level_three_is_not_eligible_whatever_the_local_criteria_say():
    s = student(
        levels={2023: 3}, teacher_evaluation=True, parent_consultation=True, basic_skills=True
    )
    assert one(run(s))["rfep_status"] == "not_eligible"


def test_the_most_recent_elpac_result_decides_and_its_year_is_reported():
    s = student(
        levels={2022: 4, 2023: 3},
        teacher_evaluation=True,
        parent_consultation=True,
        basic_skills=True,
    )
    r = one(run(s))
    assert r["rfep_elpac"] == "not_met"
    assert "level 3 in 2023" in r["rfep_reasons"]


def test_unknown_local_criteria_leave_the_student_pending():
    r = one(run(student(levels={2023: 4}, teacher_evaluation=True)))
    assert r["rfep_status"] == "pending_local_criteria"
    assert r["rfep_parent"] == "missing"


def test_a_failed_local_criterion_makes_the_student_not_eligible():
    s = student(
        levels={2023: 4}, teacher_evaluation=False, parent_consultation=True, basic_skills=True
    )
    assert one(run(s))["rfep_status"] == "not_eligible"


def test_districts_can_use_caaspp_for_basic_skills_and_drop_unused_criteria():
    local = LocalCriteria(
        teacher_evaluation="not_used",
        parent_consultation="not_used",
        basic_skills="caaspp",
        basic_skills_min_caaspp_level=2,
    )
    eligible = one(run(student(levels={2023: 4}, ela={2023: 2}), local_criteria=local))
    assert eligible["rfep_status"] == "eligible"
    assert eligible["rfep_teacher"] == "not_applicable"
    low = one(run(student(levels={2023: 4}, ela={2023: 1}), local_criteria=local))
    assert low["rfep_status"] == "not_eligible"


def test_no_elpac_result_means_not_eligible():
    assert one(run(student(teacher_evaluation=True)))["rfep_elpac"] == "missing"


def test_non_english_learners_are_not_applicable_for_reclassification():
    for status in ("EO", "IFEP", "RFEP"):
        assert one(run(student(status=status, levels={2023: 4})))["rfep_status"] == "not_applicable"


def test_rfep_students_are_monitored_for_four_years_from_reclassification():
    inside = student("A", status="RFEP", rfep_date=date(2020, 10, 3))
    ended = student("B", status="RFEP", rfep_date=date(2020, 10, 2))
    r = run(inside, ended)
    a, b = one(r, "A"), one(r, "B")
    assert a["rfep_monitoring"] is True and a["rfep_monitoring_year"] == 4
    assert str(a["rfep_monitoring_ends"]) == "2024-10-03"
    assert b["rfep_monitoring"] is False


def test_without_a_reclassification_date_the_first_rfep_year_stands_in_and_says_so():
    s = student(status="RFEP", statuses={2022: "RFEP", 2021: "EL"})
    r = one(run(s))
    assert r["rfep_monitoring"] is True
    assert r["rfep_date_source"] == "first year recorded as RFEP"
    assert str(r["rfep_reclassified_on"]) == "2022-10-05"  # Census Day 2022


def test_an_rfep_student_with_no_date_at_all_is_reported_missing():
    r = one(run(student(status="RFEP")))
    assert r["rfep_monitoring_period"] == "missing" and r["rfep_monitoring"] is False


def test_an_rfep_year_without_an_earlier_el_year_does_not_stand_in_for_the_date():
    r = one(run(student(status="RFEP", statuses={2022: "RFEP"})))
    assert r["rfep_monitoring_period"] == "missing"
