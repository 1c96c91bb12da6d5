"""Language codes, school years and header matching."""

from __future__ import annotations

import pytest

from alianza.evidence import cde
from alianza.evidence.cde.columns import header_key, snake_name
from alianza.evidence.cde.languages import language_code_scheme


@pytest.mark.parametrize(
    ("code", "iso"),
    [
        ("01", "spa"),
        ("1", "spa"),
        ("02", "vie"),
        ("07", "cmn"),
        ("23", "hmn"),
        ("28", "pan"),
        ("99", "mis"),
        ("spa", "spa"),
        ("SPA", "spa"),
        ("mis", "mis"),
        ("chi", "zho"),
        ("ger", "deu"),
        (" vie ", "vie"),
    ],
)
def test_both_language_code_schemes_normalise_to_three_letters(code, iso):
    assert cde.normalise_language_code(code) == iso


@pytest.mark.parametrize("code", [None, "", "14", "31", "Spanish", "es"])
def test_unknown_language_codes_give_none_rather_than_a_guess(code):
    assert cde.normalise_language_code(code) is None


def test_language_code_scheme_tells_the_two_schemes_apart():
    assert language_code_scheme("01") == "calpads"
    assert language_code_scheme("spa") == "iso"
    assert language_code_scheme("Spanish") is None


def test_the_mapping_table_lists_each_two_digit_code_once_with_a_name():
    table = cde.language_mapping_frame()
    assert table["calpads_code"].n_unique() == table.height == len(cde.CALPADS_TO_ISO)
    assert table["calpads_code"].str.len_chars().unique().to_list() == [2]
    assert table["language_code"].str.len_chars().unique().to_list() == [3]
    assert table.filter(table["calpads_code"] == "01")["language_name"].to_list() == ["Spanish"]


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("2024-2025", "2024-25"),
        ("2023-24", "2023-24"),
        ("2019–20", "2019-20"),
        ("202425", "2024-25"),
        ("2425", "2024-25"),
        ("1516", "2015-16"),
        ("2025", "2024-25"),  # a CAASPP test year
        ("1999-2000", "1999-00"),
        ("", None),
        (None, None),
        ("N/A", None),
    ],
)
def test_school_years_read_one_way(value, year):
    assert cde.normalise_school_year(value) == year


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("cupc2425-k12.xlsx", "2024-25"),
        ("LTELDOWNLOAD1819.txt", "2018-19"),
        ("LtelDownload18-19.txt", "2018-19"),
        ("sb_ca2025entities_csv.txt", "2024-25"),
        ("StudentGroups_2025.txt", "2024-25"),
        ("/tmp/uploads/Reclass2324.csv", "2023-24"),
        ("entities.txt", None),
    ],
)
def test_school_year_from_a_file_name(name, year):
    assert cde.school_year_from_name(name) == year


def test_headers_match_whatever_their_spacing_line_breaks_and_case():
    assert header_key("English  Learner \n(EL)") == header_key("English Learner (EL)")
    assert header_key("CountyCode") == header_key("County Code")
    assert snake_name("EL 0-3 Years") == "el_0_3_years"
    assert snake_name("Total\nEnrollment") == "total_enrollment"
