"""The readers against the real CDE files in ../shared/data/cde, checked against totals
computed here independently (openpyxl for the workbook, the csv module for text files)."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from alianza.evidence import cde

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "cde"
UPC_FILE = DATA / "cupc2425-k12.xlsx"
ENTITIES_FILE = DATA / "sb_ca2025entities_csv.txt"
GROUPS_FILE = DATA / "StudentGroups_2025.txt"

pytestmark = pytest.mark.skipif(
    not UPC_FILE.exists() or not ENTITIES_FILE.exists() or not GROUPS_FILE.exists(),
    reason=f"the public CDE files are not in {DATA} on this machine",
)


def _squash(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _openpyxl_el_totals(sheet_name: str) -> tuple[int, Counter[str]]:
    """Statewide and per-county sums of the "English Learner (EL)" column, read cell by cell."""
    workbook = openpyxl.load_workbook(UPC_FILE, read_only=True, data_only=True)
    rows = workbook[sheet_name].iter_rows(values_only=True)
    for row in rows:
        squashed = [_squash(value) for value in row]
        if "English Learner (EL)" in squashed and "County Code" in squashed:
            el, county = squashed.index("English Learner (EL)"), squashed.index("County Code")
            break
    by_county: Counter[str] = Counter()
    for row in rows:
        if isinstance(row[el], int | float):
            by_county[str(row[county])] += int(row[el])
    workbook.close()
    return sum(by_county.values()), by_county


@pytest.fixture(scope="module")
def upc() -> cde.CdeTable:
    return cde.load_upc(UPC_FILE)


def test_upc_reads_the_two_data_sheets_and_skips_title_descriptions_and_notes(upc):
    assert upc.sheets == ["LEA-Level CALPADS UPC Data", "School-Level CALPADS UPC Data"]
    assert set(upc.frame["level"].unique()) == {"district", "school"}
    assert upc.frame.filter(pl.col("level") == "school").height == 10590
    assert upc.frame.filter(pl.col("level") == "district").height == 2255


@pytest.mark.parametrize(
    ("sheet", "level"),
    [("School-Level CALPADS UPC Data", "school"), ("LEA-Level CALPADS UPC Data", "district")],
)
def test_upc_english_learner_totals_match_an_independent_openpyxl_sum(upc, sheet, level):
    state, by_county = _openpyxl_el_totals(sheet)
    rows = upc.frame.filter(pl.col("level") == level)
    assert rows["english_learner"].sum() == state
    los_angeles = rows.filter(pl.col("county_code") == "19")["english_learner"].sum()
    assert los_angeles == by_county["19"]
    alameda = rows.filter(pl.col("county_code") == "01")["english_learner"].sum()
    assert alameda == by_county["01"]


def test_upc_lea_and_school_sheets_agree_on_the_statewide_english_learner_count(upc):
    by_level = dict(upc.frame.group_by("level").agg(pl.col("english_learner").sum()).iter_rows())
    assert by_level["district"] == by_level["school"] == 1_025_464


def test_upc_codes_keep_their_leading_zeros(upc):
    frame = upc.frame
    assert frame["cds_code"].str.len_chars().unique().to_list() == [14]
    assert frame["county_code"].str.len_chars().unique().to_list() == [2]
    assert "01" in frame["county_code"].to_list()
    alameda_coe = frame.filter(
        (pl.col("level") == "district") & (pl.col("cds_code") == "01100170000000")
    )
    assert alameda_coe["district_name"].to_list() == ["Alameda County Office of Education"]
    assert "0398" in frame["charter_number"].to_list()
    assert "00D5" in frame["charter_number"].to_list()


def test_upc_school_year_comes_from_the_academic_year_column(upc):
    assert (upc.school_year, upc.school_year_from) == ("2024-25", "column")
    assert upc.frame["academic_year"].unique().to_list() == ["2024-25"]


def test_upc_reads_the_same_with_openpyxl_and_calamine(upc):
    assert cde.read_upc(UPC_FILE, engine="openpyxl").equals(upc.frame)


def test_upc_headers_with_line_breaks_become_plain_names(upc):
    for name in ("english_learner", "upc", "total_enrollment", "frpm", "charter", "certified"):
        assert name in upc.frame.columns
    assert upc.frame["charter"].dtype == pl.Boolean


def test_entity_type_counts_match_a_count_with_the_csv_module():
    with open(ENTITIES_FILE, encoding="latin-1", newline="") as handle:
        expected = Counter(row["Type ID"] for row in csv.DictReader(handle, delimiter="^"))
    table = cde.load_entities(ENTITIES_FILE)
    assert dict(Counter(table.frame["type_id"].to_list())) == dict(expected)
    levels = Counter(table.frame["level"].to_list())
    assert levels["state"] == expected["4"]
    assert levels["county"] == expected["5"] == 58
    assert levels["district"] == expected["6"]
    assert levels["school"] == expected["7"] + expected["9"] + expected["10"]


def test_entities_are_read_as_latin1_with_their_accents():
    names = cde.read_entities(ENTITIES_FILE)["school_name"].drop_nulls().to_list()
    assert "Isaac R. Montañez Elementary" in names
    assert not any("\ufffd" in name for name in names)


def test_entities_school_year_comes_from_the_test_year():
    table = cde.load_entities(ENTITIES_FILE)
    assert (table.school_year, table.school_year_from) == ("2024-25", "column")
    state = table.frame.filter(pl.col("level") == "state")
    assert state["cds_code"].to_list() == ["00000000000000"]


def test_student_groups_keep_zero_padded_ids_and_cde_punctuation():
    with open(GROUPS_FILE, encoding="cp1252", newline="") as handle:
        expected = {row["Demographic ID"]: row for row in csv.DictReader(handle, delimiter="^")}
    table = cde.load_student_groups(GROUPS_FILE)
    frame = table.frame
    assert frame.height == len(expected)
    assert frame["group_id"].to_list() == list(expected)
    names = dict(zip(frame["group_id"], frame["group_name"], strict=True))
    assert names["001"] == "All Students"
    assert names["160"] == "EL (English learner, excluding RFEP)"
    assert names["250"] == "LTEL (Long-Term English learner)"
    assert names["170"] == "Ever\u2013EL"
    assert table.school_year == "2024-25"
    assert table.school_year_from == "file name"


@pytest.mark.parametrize(
    ("path", "kind"),
    [(UPC_FILE, "upc"), (ENTITIES_FILE, "entities"), (GROUPS_FILE, "student_groups")],
)
def test_detect_kind_recognises_each_real_file(path, kind):
    assert cde.detect_kind(path) == kind


def test_file_sha256_is_the_hash_of_the_bytes():
    assert cde.file_sha256(ENTITIES_FILE) == hashlib.sha256(ENTITIES_FILE.read_bytes()).hexdigest()
    assert cde.load(ENTITIES_FILE).sha256 == cde.file_sha256(ENTITIES_FILE)


def test_the_entities_file_given_as_a_upc_workbook_is_refused_naming_the_missing_columns():
    with pytest.raises(cde.UnrecognisedFile) as caught:
        cde.read_upc(ENTITIES_FILE)
    error = caught.value
    assert error.code == "cde.unrecognised"
    assert error.missing == [
        "Total Enrollment",
        "English Learner (EL)",
        "CALPADS Unduplicated Pupil Count (UPC)",
    ]
    assert "English Learner (EL)" in str(error)
    assert error.params["file"] == "sb_ca2025entities_csv.txt"
    assert error.params["kind_id"] == "upc"


def test_the_upc_workbook_given_as_an_entities_file_is_refused():
    with pytest.raises(cde.UnreadableFile, match="Excel workbook"):
        cde.read_entities(UPC_FILE)


def test_the_student_groups_given_as_an_ltel_file_is_refused_naming_the_missing_columns():
    with pytest.raises(cde.UnrecognisedFile) as caught:
        cde.read_ltel(GROUPS_FILE)
    assert "AcademicYear" in caught.value.missing
    assert "LTEL" in caught.value.missing
    assert "County Code" in caught.value.missing
