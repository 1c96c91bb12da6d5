"""Readers: the Alianza student layout and the official ELPAC Student Score Data File."""

from pathlib import Path

import polars as pl
import pytest

from alianza.evidence.rules import evaluate
from alianza.evidence.rules.frames import SCALE_CUTS
from alianza.evidence.rules.parsing import LayoutError
from alianza.evidence.rules.readers import read_alianza, read_elpac, read_students

ELPAC_SAMPLE = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "data"
    / "elpac"
    / "synthetic_elpac_student_score_2022-23.txt"
)

HEADER = (
    "record,student_id,school_year,school_code,grade,birth_date,el_status,el_entry_date,"
    "us_entry_date,language,student_groups,elpac_overall_level,elpac_overall_scale_score,"
    "caaspp_ela_level,seal_language,seal_ap_score"
)


def write(tmp_path: Path, text: str, name="students.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_alianza_layout_is_read_by_header_with_years_and_seal_rows(tmp_path):
    path = write(
        tmp_path,
        "\r\n".join(
            [
                HEADER,
                "year,1001,2022-23,0123456,6,2011-03-04,EL,2015-08-20,2015-08-20,01,SED,2,,"
                "Not Met,,",
                "year,1001,2023-24,0123456,7,2011-03-04,EL,2015-08-20,2015-08-20,01,SED,,1500,1,,",
                "year,1001,2024-25,0123456,8,2011-03-04,English Learner,2015-08-20,8/20/2015,"
                "spa,,,,,,",
                "seal,1001,2024-25,,,,,,,,,,,,Spanish,4",
            ]
        ),
    )
    data = read_alianza(path)
    assert data.years.height == 3 and data.seal.height == 1
    y = data.years.sort("school_year")
    assert y["school_year"].to_list() == [2022, 2023, 2024]
    assert y["school_code"][0] == "0123456"  # leading zero kept
    assert y["language"].to_list() == ["spa", "spa", "spa"]  # two-digit code normalised
    assert y["elpac_level"].to_list() == [2, 2, None]  # 1500 in grade 7 is level 2
    assert y["caaspp_ela_level"].to_list() == [1, 1, None]
    assert data.seal["language"][0] == "spa" and data.seal["ap_score"][0] == 4
    result = evaluate(data.years, data.seal)
    assert result.students["ltel"][0] is True


def test_latin1_semicolon_files_and_renamed_headers_are_accepted(tmp_path):
    text = "Student ID;School Year;Grade;EL Status;Years in US Schools;Primary Language\n"
    text += "A1;2024;KN;EL;1;Español\n"
    data = read_alianza(write(tmp_path, text, encoding="latin-1"))
    assert data.years["grade"][0] == 0
    assert data.years["language"][0] == "español"  # unknown names are kept, never dropped


def test_a_file_missing_required_columns_is_refused_naming_them(tmp_path):
    path = write(tmp_path, "student_id,grade\n1,5\n")
    with pytest.raises(LayoutError, match="school_year, el_status"):
        read_alianza(path)


def test_a_file_without_entry_date_or_years_in_us_schools_is_refused(tmp_path):
    path = write(tmp_path, "student_id,school_year,grade,el_status\n1,2024,5,EL\n")
    with pytest.raises(LayoutError, match="us_entry_date"):
        read_alianza(path)


def test_two_rows_for_the_same_student_and_year_are_refused(tmp_path):
    text = "student_id,school_year,grade,el_status,us_years\n1,2024,5,EL,3\n1,2024-25,5,EL,3\n"
    with pytest.raises(LayoutError, match="2 rows repeat a student and school year"):
        read_alianza(write(tmp_path, text))


def test_unreadable_values_are_blanked_and_reported_with_their_line(tmp_path):
    text = "student_id,school_year,grade,el_status,us_years\n1,2024,5,EL,3\n2,2024,5,ELL?,3\n"
    data = read_alianza(write(tmp_path, text))
    assert data.years["el_status"].to_list() == ["EL", None]
    assert [w.as_dict() for w in data.warnings] == [{
        "code": "unreadable_values", "params": {"count": 1, "column": "el_status", "line": 3}}]
    assert "ELL?" not in str(data.warnings[0])


def test_an_elpac_file_missing_columns_is_refused_naming_them(tmp_path):
    path = write(tmp_path, "SSID^GradeAssessed\n1^5\n", name="elpac_2023-24.txt")
    with pytest.raises(LayoutError, match="OverallScaleScore"):
        read_elpac(path)


def test_elpac_levels_are_derived_from_scale_scores_and_the_grade_assessed(tmp_path):
    lines = ["SSID^GradeAssessed^OverallScaleScore^ELStatus"]
    lines += ["1^KN^1474^EL", "2^KN^1473^EL", "3^08^1590^", "4^11^1614^EL", "5^2^1701^EL"]
    data = read_elpac(write(tmp_path, "\n".join(lines), name="scores_2023-24.txt"))
    assert data.years["school_year"].unique().to_list() == [2023]
    assert data.years["elpac_level"].to_list() == [4, 3, 4, 3, None]
    assert data.years["el_status"][2] == "EL"  # blank: Summative ELPAC takers are ELs
    assert any("outside the range" in str(w) for w in data.warnings)


def test_an_elpac_file_without_a_school_year_must_be_told_one(tmp_path):
    path = write(tmp_path, "SSID^GradeAssessed^OverallScaleScore\n1^5^1500\n", name="x.txt")
    with pytest.raises(LayoutError, match="school year"):
        read_elpac(path)
    assert read_elpac(path, school_year=2021).years["school_year"][0] == 2021


def test_several_elpac_files_give_a_history(tmp_path):
    a = write(tmp_path, "SSID^GradeAssessed^OverallScaleScore\n1^6^1500\n", name="e_2022-23.txt")
    b = write(tmp_path, "SSID^GradeAssessed^OverallScaleScore\n1^7^1510\n", name="e_2023-24.txt")
    data = read_students([a, b], layout="elpac")
    assert data.years.sort("school_year")["elpac_level"].to_list() == [2, 2]


def test_the_synthetic_elpac_sample_file_is_read():
    if not ELPAC_SAMPLE.is_file():
        pytest.skip(f"ELPAC sample file not found at {ELPAC_SAMPLE} (shared data not mounted)")
    data = read_elpac(ELPAC_SAMPLE)
    raw = pl.read_csv(ELPAC_SAMPLE, separator="^", infer_schema=False)
    assert data.years.height == raw.height
    assert data.years["school_year"].unique().to_list() == [2022]
    assert data.years["student_id"].to_list() == raw["SSID"].to_list()
    # Check every derived level independently against the el-rules.md table.
    grades = {"KN": 0} | {str(g): g for g in range(1, 13)}
    for row, level in zip(raw.iter_rows(named=True), data.years["elpac_level"], strict=True):
        grade, score = grades.get(row["GradeAssessed"]), int(row["OverallScaleScore"])
        if grade is None or not 1150 <= score <= SCALE_CUTS[grade][3]:
            assert level is None
        else:
            assert level == 1 + sum(score >= cut for cut in SCALE_CUTS[grade][:3])
    result = evaluate(data.years, data.seal)
    assert result.students.height == raw["SSID"].n_unique()
