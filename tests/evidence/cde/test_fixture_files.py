"""Readers for files we have no public sample of, against hand-made files in fixtures/
laid out as CDE's file-structure pages describe (the rows are made up)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from alianza.evidence import cde

FIXTURES = Path(__file__).parent / "fixtures"
LTEL_FILE = FIXTURES / "LTELDOWNLOAD2324.txt"  # tab, CRLF, Latin-1
LANG_2223 = FIXTURES / "ELbyLanguage2223.csv"  # comma, quoted, UTF-8 with BOM, two-digit codes
LANG_2324 = FIXTURES / "ELbyLanguage2324.txt"  # caret, LF, three-letter codes
RECLASS = FIXTURES / "Reclass2324.csv"  # comma; one CDS lost its leading zero
RECLASS_OLD = FIXTURES / "Reclasssch1516.txt"  # tab, CRLF, split codes, YEAR column


def _row(frame: pl.DataFrame, **where: str) -> dict:
    rows = frame.filter(*(pl.col(k) == v for k, v in where.items())).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def test_ltel_file_reads_as_tab_delimited_latin1_with_crlf():
    table = cde.load_ltel(LTEL_FILE)
    assert (table.delimiter, table.encoding) == ("\t", "cp1252")
    assert table.frame.height == 6
    assert "Escuela Montañez" in table.frame["school_name"].to_list()
    assert not any(name.endswith("\r") for name in table.frame.columns)


def test_ltel_aggregate_levels_map_to_state_county_district_school():
    frame = cde.read_ltel(LTEL_FILE)
    assert dict(zip(frame["agg_level"], frame["level"], strict=True)) == {
        "T": "state",
        "O": "county",
        "D": "district",
        "S": "school",
    }
    state = _row(frame, level="state")
    assert (state["el"], state["ltel"], state["at_risk"], state["total_ever_el"]) == (
        400,
        70,
        45,
        660,
    )


def test_ltel_suppressed_cells_are_null_and_flagged_never_zero():
    frame = cde.read_ltel(LTEL_FILE)
    kinder = _row(frame, cds_code="19647336017388", grade="KN")
    assert kinder["ifep"] is None and kinder["ifep_suppressed"] is True
    # Blank means not applicable: null, but not suppressed.
    assert kinder["rfep"] is None and kinder["rfep_suppressed"] is False
    assert kinder["at_risk"] is None and kinder["at_risk_suppressed"] is False
    sixth = _row(frame, cds_code="19647336017388", grade="06")
    assert sixth["ltel"] is None and sixth["ltel_suppressed"] is True
    assert frame.filter(pl.col("ltel_suppressed"))["ltel"].null_count() == 1


def test_ltel_grades_genders_and_unnamed_count_columns_are_normalised():
    frame = cde.read_ltel(LTEL_FILE)
    assert set(frame["grade"]) == {"ALL", "KN", "06"}
    assert set(frame["gender"]) == {"ALL", "F", "M"}
    # Columns the layout page lists only loosely are kept as counts under plain names.
    assert frame["el_6_years"].dtype == pl.Int64
    assert frame["el_6_years_suppressed"].sum() == 1
    assert _row(frame, cds_code="01611190130229")["charter"] is True


def test_ltel_codes_and_year_are_text_from_the_file():
    table = cde.load_ltel(LTEL_FILE)
    assert (table.school_year, table.school_year_from) == ("2023-24", "column")
    alameda = _row(table.frame, county_code="01")
    assert alameda["cds_code"] == "01611190130229"
    assert alameda["district_code"] == "61119"


def test_el_by_language_two_digit_codes_become_iso_codes():
    table = cde.load_el_language(LANG_2223)
    frame = table.frame
    assert (table.delimiter, table.encoding, table.school_year) == (",", "utf-8", "2022-23")
    assert sorted(frame["language_code"].unique()) == ["mis", "spa", "yue"]
    assert set(frame["language_code_scheme"]) == {"calpads"}
    spanish = _row(frame, cds_code="01611190130229", language_code="spa")
    assert spanish["language_code_source"] == "01"
    assert spanish["school_name"] == "Academia Niños, Alameda"
    assert spanish["grade_kn"] == 5 and spanish["grade_12"] == 0 and spanish["total"] == 23


def test_el_by_language_three_letter_codes_line_up_with_the_older_scheme():
    older = cde.read_el_language(LANG_2223)
    newer = cde.read_el_language(LANG_2324)
    assert set(newer["language_code_scheme"]) == {"iso"}
    assert set(older["language_code"]) == set(newer["language_code"])
    both = pl.concat([older, newer], how="diagonal_relaxed")
    spanish_trend = (
        both.filter(pl.col("language_code") == "spa")
        .group_by("academic_year")
        .agg(pl.col("total").sum())
        .sort("academic_year")
    )
    assert spanish_trend.rows() == [("2022-23", 23 + 269), ("2023-24", 25 + 267)]


def test_el_by_language_suppressed_language_rows_stay_suppressed():
    frame = cde.read_el_language(LANG_2223)
    cantonese = _row(frame, language_code="yue")
    assert cantonese["total"] is None and cantonese["total_suppressed"] is True
    assert cantonese["grade_05"] is None and cantonese["grade_05_suppressed"] is True
    assert cantonese["ungraded"] is None and cantonese["ungraded_suppressed"] is False
    assert frame["total"].sum() == 23 + 269 + 4  # the suppressed row adds nothing, not zero


def test_el_by_language_rows_are_school_level():
    frame = cde.read_el_language(LANG_2324)
    assert set(frame["level"]) == {"school"}
    assert frame["cds_code"].str.len_chars().unique().to_list() == [14]


def test_reclassification_restores_a_leading_zero_a_spreadsheet_dropped():
    frame = cde.read_reclassification(RECLASS)
    assert "01611190130237" in frame["cds_code"].to_list()
    bay_farm = _row(frame, cds_code="01611190130237")
    assert (bay_farm["county_code"], bay_farm["district_code"], bay_farm["school_code"]) == (
        "01",
        "61119",
        "0130237",
    )
    assert bay_farm["reclassified"] is None and bay_farm["reclassified_suppressed"] is True


def test_reclassification_blank_rows_are_not_applicable_not_zero():
    frame = cde.read_reclassification(RECLASS)
    new_school = _row(frame, school_code="6099999")
    assert new_school["el"] is None and new_school["el_suppressed"] is False
    assert new_school["reclassified"] is None and new_school["reclassified_suppressed"] is False


def test_reclassification_year_comes_from_the_file_name_when_the_file_has_none():
    table = cde.load_reclassification(RECLASS)
    assert (table.school_year, table.school_year_from) == ("2023-24", "file name")


def test_older_reclassification_layout_with_split_codes_reads_the_same_way():
    table = cde.load_reclassification(RECLASS_OLD)
    assert (table.school_year, table.school_year_from) == ("2015-16", "column")
    assert table.frame["cds_code"].to_list() == ["01611190130229", "19647336017388"]
    assert table.frame["reclassified"].sum() == 15
    assert "Escuela Montañez" in table.frame["school_name"].to_list()


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (LTEL_FILE, "ltel"),
        (LANG_2223, "el_language"),
        (LANG_2324, "el_language"),
        (RECLASS, "reclassification"),
        (RECLASS_OLD, "reclassification"),
    ],
)
def test_detect_kind_recognises_each_layout(path, kind):
    assert cde.detect_kind(path) == kind
    assert cde.load(path).kind == kind


def test_an_ltel_file_given_as_a_reclassification_file_is_refused():
    with pytest.raises(cde.UnrecognisedFile) as caught:
        cde.read_reclassification(LTEL_FILE)
    assert caught.value.missing == ["Reclass"]
