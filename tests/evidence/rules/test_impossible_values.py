"""Values no student can have are left blank and counted, never classified or published;
grades read TK and KN wherever they are shown."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from alianza.evidence.rules import evaluate
from alianza.evidence.rules.readers import read_alianza, read_elpac
from alianza.evidence.rules.suppression import SuppressionPolicy, suppressed_aggregates

from .test_readers import write

HEADER = "student_id,school_year,grade,el_status,us_years,us_entry_date,birth_date,ela_gpa"


def _codes(data) -> dict[tuple[str, str], int]:
    return {(w.code, w.params.get("column", "")): w.params.get("count") for w in data.warnings}


def test_impossible_grades_years_gpas_and_future_dates_are_blanked_and_counted(tmp_path):
    future = (date.today() + timedelta(days=30)).isoformat()
    lines = [HEADER,
             "1,2024-25,13,EL,7,,,3.0",
             "2,2024-25,-2,EL,7,,,3.0",
             "3,2024-25,7,EL,400,,,3.0",
             f"4,2024-25,7,EL,,{future},,3.0",
             f"5,2024-25,7,EL,7,,{future},3.0",
             "6,2024-25,11,EL,7,,,9.5",
             "7,2024-25,TK,EL,0,,,"]
    data = read_alianza(write(tmp_path, "\n".join(lines)))

    years = data.years.sort("student_id")
    assert years["grade"].to_list() == [None, None, 7, 7, 7, 11, -1]
    assert years["us_years"].to_list()[2] is None
    assert years["us_entry_date"].to_list()[3] is None
    assert years["birth_date"].to_list()[4] is None
    assert years["ela_gpa"].to_list()[5] is None
    assert _codes(data) == {
        ("impossible_values", "grade"): 2,
        ("impossible_values", "us_years"): 1,
        ("impossible_values", "ela_gpa"): 1,
        ("future_dates", "us_entry_date"): 1,
        ("future_dates", "birth_date"): 1,
    }
    grade = next(w for w in data.warnings if w.params.get("column") == "grade")
    assert str(grade) == ("2 value(s) in column grade are outside the possible range (TK-12) "
                          "and were left blank (the first on line 2).")


def test_line_numbers_count_the_file_lines_even_with_seal_rows_between(tmp_path):
    text = ("record,student_id,school_year,grade,el_status,us_years,seal_language\n"
            "year,1,2024-25,7,EL,3,\nseal,1,,,,,spa\nyear,2,2024-25,14,EL,3,\n")
    data = read_alianza(write(tmp_path, text))
    assert [w.params for w in data.warnings] == [
        {"count": 1, "column": "grade", "line": 4, "allowed": "TK-12"}]


def test_a_student_with_400_years_in_us_schools_is_not_counted_long_term(tmp_path):
    lines = ["student_id,school_year,grade,el_status,us_years,elpac_overall_level"]
    lines += [f"{i},2023-24,7,EL,{400 if i == 0 else 2},2" for i in range(3)]
    lines += [f"{i},2024-25,8,EL,{400 if i == 0 else 3},2" for i in range(3)]
    data = read_alianza(write(tmp_path, "\n".join(lines)))
    result = evaluate(data.years, data.seal)
    assert result.students.filter(pl.col("student_id") == "0")["ltel"].to_list() == [False]


def test_an_impossible_grade_in_an_elpac_file_is_blanked(tmp_path):
    lines = ["SSID^GradeAssessed^OverallScaleScore^ELStatus", "1^15^1590^EL", "2^08^1590^EL"]
    data = read_elpac(write(tmp_path, "\n".join(lines), name="scores_2023-24.txt"))
    assert data.years["grade"].to_list() == [None, 8]
    assert _codes(data)[("impossible_values", "GradeAssessed")] == 1


def test_aggregates_label_transitional_kindergarten_tk_and_kindergarten_kn(tmp_path):
    lines = ["student_id,school_year,grade,el_status,us_years"]
    lines += [f"{i},2024-25,{'TK' if i < 15 else 'K'},EL,0" for i in range(30)]
    data = read_alianza(write(tmp_path, "\n".join(lines)))
    aggregates, _ = suppressed_aggregates(evaluate(data.years, data.seal),
                                          policy=SuppressionPolicy(threshold=10))
    grades = set(aggregates.filter(pl.col("breakdown") == "grade")["grade"])
    assert grades == {"TK", "KN"}


def test_values_that_would_become_aggregate_keys_must_look_like_codes(tmp_path):
    """A key is stored even when its count is suppressed, so ids in the wrong column never
    become one."""
    lines = ["student_id,school_year,school_code,grade,el_status,us_years,language,"
             "student_groups"]
    lines += ["1,2024-25,6017388,7,EL,3,spa,SED;SWD",
              "2,2024-25,1234567890,7,EL,3,1234567890,SED;1234567890 2011-01-01",
              "3,2024-25,6017388,7,EL,3,español,"]
    data = read_alianza(write(tmp_path, "\n".join(lines)))
    years = data.years.sort("student_id")
    assert years["school_code"].to_list() == ["6017388", "other", "6017388"]
    assert years["language"].to_list() == ["spa", "other", "español"]
    assert years["student_groups"].to_list() == ["SED;SWD", "SED", None]
    assert _codes(data) == {("not_codes", "school_code"): 1, ("not_codes", "language"): 1,
                            ("not_codes", "student_groups"): 1}
