"""State Seal of Biliteracy under seal-2017 and seal-2024: each route, per language."""

import pytest

from .helpers import one, run, seal_of, seal_rows, student

# An English-only senior who met the standard in grade 11 with good ELA grades.
SENIOR = dict(grade=12, status="EO", ela={2023: 3}, ela_coursework_complete=True, ela_gpa=3.2)


def seal(rules, *, senior=None, **language):
    rows = seal_rows({"student_id": "S1", "language": "spa", **language})
    return seal_of(run(student(**(senior or SENIOR)), seal=rows, seal_rules=rules))


@pytest.mark.parametrize("rules", ["seal-2017", "seal-2024"])
@pytest.mark.parametrize(
    ("evidence", "eligible"),
    [
        ({"ap_score": 3}, True),
        ({"ap_score": 2}, False),
        ({"ib_score": 4}, True),
        ({"ib_score": 3}, False),
        ({"course_years": 4, "course_gpa": 3.0, "oral_proficiency": True}, True),
        ({"course_years": 4, "course_gpa": 3.0, "oral_proficiency": False}, False),
        ({"course_years": 3, "course_gpa": 3.9, "oral_proficiency": True}, False),
        ({"course_years": 4, "course_gpa": 2.9, "oral_proficiency": True}, False),
        ({"district_exam": True}, True),
        ({"sat2_score": 600}, True),
        ({"sat2_score": 590}, False),
        ({}, False),
    ],
)
def test_each_other_language_route(rules, evidence, eligible):
    r = seal(rules, **evidence)
    assert r["seal_eligible"] is eligible
    assert r["seal_rule_set"] == rules


def test_the_sat2_route_under_seal_2024_can_be_switched_off_and_is_reported():
    rows = seal_rows({"student_id": "S1", "language": "spa", "sat2_score": 650})
    result = run(student(**SENIOR), seal=rows, seal2024_accept_sat2=False)
    assert seal_of(result)["seal_eligible"] is False
    assert result.manifest["uncertain_choices"]["seal2024_accept_sat2"] is False


def test_the_qualifying_evidence_is_recorded():
    r = seal("seal-2024", ap_score=4)
    assert "spa: AP 4" in r["seal_evidence"]
    assert "English: CAASPP ELA grade 11 level 3" in r["seal_evidence"]


ENGLISH_2024 = [
    (dict(ela_coursework_complete=True, ela_gpa=3.0), True),
    (dict(ela_coursework_complete=True, ela_gpa=2.9), False),
    (dict(ela={2023: 3}), True),  # CAASPP ELA grade 11 Met
    (dict(ela={2023: 2}), False),
    (dict(ap_english_score=3), True),
    (dict(ib_english_score=4), True),
    (dict(ib_english_score=3), False),
    (dict(sat_ebrw_score=480), True),
    (dict(sat_ebrw_score=470), False),
]


@pytest.mark.parametrize(("english", "eligible"), ENGLISH_2024)
def test_seal_2024_accepts_any_one_english_route(english, eligible):
    senior = dict(grade=12, status="EO", **english)
    assert seal("seal-2024", senior=senior, ap_score=4)["seal_eligible"] is eligible


@pytest.mark.parametrize(
    ("english", "eligible"),
    [
        (dict(ela={2023: 3}, ela_coursework_complete=True, ela_gpa=2.0), True),
        (dict(ela={2023: 3}, ela_coursework_complete=True, ela_gpa=1.9), False),
        (dict(ela={2023: 2}, ela_coursework_complete=True, ela_gpa=3.5), False),
        (dict(ela_coursework_complete=True, ela_gpa=3.5), False),  # no grade 11 result
        (dict(ela={2023: 4}, ap_english_score=5), False),  # AP English is not a 2017 route
    ],
)
def test_seal_2017_needs_both_coursework_and_grade_11_caaspp(english, eligible):
    senior = dict(grade=12, status="EO", **english)
    assert seal("seal-2017", senior=senior, ap_score=4)["seal_eligible"] is eligible


def test_grade_11_caaspp_is_taken_from_the_grade_11_year_not_the_latest():
    senior = dict(grade=12, status="EO", ela={2022: 3, 2023: 1})  # grades 10 and 11
    assert seal("seal-2024", senior=senior, ap_score=4)["seal_eligible"] is False
    senior = dict(grade=12, status="EO", ela={2023: 3})
    assert seal("seal-2024", senior=senior, ap_score=4)["seal_eligible"] is True


def test_english_learners_need_elpac_overall_4_under_2017_and_oral_4_under_2024():
    el = dict(SENIOR, status="EL", levels={2023: 3}, oral={2023: 4})
    assert seal("seal-2024", senior=el, ap_score=4)["seal_eligible"] is True
    assert seal("seal-2017", senior=el, ap_score=4)["seal_eligible"] is False
    el = dict(SENIOR, status="EL", levels={2023: 4}, oral={2023: 3})
    assert seal("seal-2024", senior=el, ap_score=4)["seal_eligible"] is False
    assert seal("seal-2017", senior=el, ap_score=4)["seal_eligible"] is True


def test_rfep_and_ifep_students_do_not_need_an_elpac_result():
    for status in ("RFEP", "IFEP"):
        r = seal("seal-2024", senior=dict(SENIOR, status=status), ap_score=4)
        assert r["seal_el_elpac"] == "not_applicable" and r["seal_eligible"] is True


def test_eligibility_is_decided_per_language():
    rows = seal_rows(
        {"student_id": "S1", "language": "spa", "ap_score": 5},
        {"student_id": "S1", "language": "fra", "ap_score": 2},
    )
    result = run(student(**SENIOR), seal=rows)
    assert seal_of(result, language="spa")["seal_eligible"] is True
    assert seal_of(result, language="fra")["seal_eligible"] is False


def test_alternative_evidence_counts_only_for_languages_without_all_domains():
    asl = seal_rows({"student_id": "S1", "language": "ase", "alternative_evidence": True})
    assert seal_of(run(student(**SENIOR), seal=asl), language="ase")["seal_eligible"] is True
    spa = seal_rows({"student_id": "S1", "language": "spa", "alternative_evidence": True})
    r = seal_of(run(student(**SENIOR), seal=spa))
    assert r["seal_eligible"] is False and r["seal_lang_alternative"] == "not_applicable"


def test_seal_evidence_for_a_student_not_enrolled_this_year_is_not_evaluated():
    rows = seal_rows({"student_id": "GONE", "language": "spa", "ap_score": 5})
    assert run(student(**SENIOR), seal=rows).seal.height == 0
    assert one(run(student(**SENIOR)))["student_id"] == "S1"
