"""Encodings, line ends, delimiters, other years' UPC workbooks and refusals."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from alianza.evidence import cde

ENTITY_HEADER = [
    "County Code",
    "District Code",
    "School Code",
    "Type ID",
    "Filler",
    "Test Year",
    "County Name",
    "District Name",
    "School Name",
    "Zip Code",
]
ENTITY_ROWS = [
    ["00", "00000", "0000000", "4", "", "2024", "State Of California", "", "", ""],
    ["07", "00000", "0000000", "5", "", "2024", "Contra Costa", "", "", ""],
    ["07", "61655", "0000000", "6", "", "2024", "Contra Costa", "Brentwood Union", "", ""],
    [
        "07",
        "61655",
        "0142331",
        "7",
        "",
        "2024",
        "Contra Costa",
        "Brentwood Union",
        "Isaac R. Montañez Elementary",
        "94513",
    ],
    [
        "07",
        "61655",
        "0100001",
        "9",
        "",
        "2024",
        "Contra Costa",
        "Charter Académie",
        "Charter Académie",
        "09513",
    ],
]


def _write(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str,
    newline: str,
    encoding: str,
    bom: bool = False,
) -> Path:
    def field(value: str) -> str:
        return f'"{value}"' if delimiter == "," and ("," in value or " " in value) else value

    text = newline.join(delimiter.join(field(v) for v in row) for row in rows) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", ["^", "\t", ","])
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize(
    ("encoding", "bom"), [("latin-1", False), ("utf-8", False), ("utf-8", True)]
)
def test_entities_read_the_same_whatever_the_delimiter_line_end_and_encoding(
    tmp_path, delimiter, newline, encoding, bom
):
    path = _write(
        tmp_path / "sb_ca2024entities_csv.txt",
        [ENTITY_HEADER, *ENTITY_ROWS],
        delimiter=delimiter,
        newline=newline,
        encoding=encoding,
        bom=bom,
    )
    table = cde.load_entities(path)
    frame = table.frame
    assert table.delimiter == delimiter
    assert frame.height == 5
    assert frame["school_name"].to_list()[3] == "Isaac R. Montañez Elementary"
    assert frame["district_name"].to_list()[4] == "Charter Académie"
    assert frame["zip_code"].to_list()[4] == "09513"
    assert frame["level"].to_list() == ["state", "county", "district", "school", "school"]
    assert frame["charter_funding"].to_list()[4] == "direct"
    assert frame["cds_code"].to_list()[1] == "07000000000000"
    assert table.school_year == "2023-24"


def test_a_comma_file_with_quoted_commas_keeps_each_name_whole(tmp_path):
    rows = [
        ENTITY_HEADER,
        [
            "19",
            "64733",
            "6017388",
            "7",
            "",
            "2025",
            "Los Angeles",
            "Los Angeles Unified",
            "Gridley-Montañez, Dual Language",
            "91340",
        ],
    ]
    path = _write(tmp_path / "entities.csv", rows, delimiter=",", newline="\n", encoding="utf-8")
    assert cde.read_entities(path)["school_name"].to_list() == ["Gridley-Montañez, Dual Language"]


def test_a_count_that_is_not_a_number_is_refused_with_its_row_and_column(tmp_path):
    path = tmp_path / "Reclass2324.txt"
    path.write_text("CDS^EL^FEP^Reclass\n01611190130229^18^20^4\n01611190130237^7^9^n/a?\n")
    with pytest.raises(cde.BadValue) as caught:
        cde.read_reclassification(path)
    assert caught.value.code == "cde.bad_value"
    assert caught.value.params == {
        "file": "Reclass2324.txt",
        "column": "reclassified",
        "value": "n/a?",
        "row": "3",
    }
    assert "row 3" in str(caught.value)


def test_a_code_that_is_not_digits_is_refused(tmp_path):
    path = tmp_path / "Reclass2324.txt"
    path.write_text("CDS^EL^FEP^Reclass\n0161119013022X^18^20^4\n")
    with pytest.raises(cde.BadCode, match="0161119013022X"):
        cde.read_reclassification(path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "LTELDOWNLOAD2324.txt"
    path.write_bytes(b"\r\n  \r\n")
    with pytest.raises(cde.EmptyFile):
        cde.read_ltel(path)


def test_a_binary_file_is_refused_as_unreadable(tmp_path):
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(cde.UnreadableFile):
        cde.detect_kind(path)


def test_a_file_of_no_known_kind_names_the_closest_kind_and_what_it_lacks(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("CDS,School,Teacher\n01611190130229,Academia,Ms. Ruiz\n")
    with pytest.raises(cde.UnknownKind) as caught:
        cde.detect_kind(path)
    error = caught.value
    assert error.code == "cde.unknown_kind"
    assert error.kind == "Reclassified English Learners (RFEP)"
    assert error.missing == ["Reclass"]
    assert "Reclass" in str(error) and "roster.csv" in str(error)


def test_error_messages_come_from_templates_the_web_layer_can_translate():
    error = cde.UnrecognisedFile(
        file="x.txt", kind="CALPADS Unduplicated Pupil Count", missing=["English Learner (EL)"]
    )
    assert str(error) == cde.TEMPLATES[error.code].format(**error.params)
    assert error.params["missing"] == "English Learner (EL)"


# --- UPC workbooks of other years: different sheets, header rows and spellings ----------

UPC_HEADERS = [
    "County  Code",
    "District\nCode",
    "School Code",
    "County Name",
    "District Name",
    "School Name",
    "Charter School\n(Y/N)",
    "Total  \nEnrollment",
    "Free & Reduced\nMeal Program",
    "Homeless",
    "English  Learner  (EL)",
    "CALPADS Unduplicated\nPupil Count (UPC)",
]


def _variant_workbook(path: Path) -> Path:
    """A UPC workbook laid out unlike 2024-25: no Academic Year column, the year only on the
    title sheet, a title block above the header, codes stored as numbers, a county total row,
    a suppressed cell, a blank cell and a footnote under the table."""
    workbook = openpyxl.Workbook()
    title = workbook.active
    title.title = "Title"
    title.append(["CALPADS Unduplicated Pupil Counts (UPC) (2019\u201320)"])
    title.append(["Data Reporting Office"])
    lea = workbook.create_sheet("LEA Data")
    lea.append(["LEA-level UPC"])
    lea.append([])
    lea.append(UPC_HEADERS)
    lea.append([1, 0, 0, "Alameda", "Alameda County total", None, "N/A", 900, 400, 10, 300, 600])
    lea.append([1, 61119, 0, "Alameda", "Alameda Unified", None, "No", 500, 200, 5, 150, 320])
    lea.append(
        [
            1,
            10017,
            130625,
            "Alameda",
            "Alternatives in Action",
            "Alternatives in Action",
            "Yes",
            100,
            90,
            "*",
            50,
            95,
        ]
    )
    lea.append(["Note: LEA rows include direct-funded charter schools."])
    school = workbook.create_sheet("School Data")
    school.append(UPC_HEADERS)
    school.append(
        [
            1,
            61119,
            130229,
            "Alameda",
            "Alameda Unified",
            "Academia Niños",
            "No ",
            500,
            200,
            None,
            150,
            320,
        ]
    )
    school.append(
        [
            1,
            10017,
            130625,
            "Alameda",
            "Alternatives in Action",
            "Alternatives in Action",
            "Yes",
            100,
            90,
            "*",
            50,
            95,
        ]
    )
    notes = workbook.create_sheet("Notes")
    notes.append(["Note Type", "Note Description"])
    notes.append(["English Learner (EL)", "Counts of English learners."])
    workbook.save(path)
    return path


@pytest.fixture
def variant(tmp_path) -> Path:
    return _variant_workbook(tmp_path / "cupc1920.xlsx")


def test_a_upc_workbook_of_another_year_is_found_by_its_headers(variant):
    table = cde.load_upc(variant)
    assert table.sheets == ["LEA Data", "School Data"]
    frame = table.frame
    assert frame.height == 5  # the footnote is not a row
    assert frame["cds_code"].to_list() == [
        "01000000000000",
        "01611190000000",
        "01100170130625",
        "01611190130229",
        "01100170130625",
    ]
    assert frame["level"].to_list() == ["county", "district", "district", "school", "school"]
    assert (table.school_year, table.school_year_from) == ("2019-20", "title sheet")


def test_a_upc_workbook_keeps_suppressed_and_blank_cells_apart(variant):
    frame = cde.read_upc(variant)
    charter = frame.filter(pl.col("sheet") == "School Data", pl.col("school_code") == "0130625")
    assert charter["homeless"].to_list() == [None]
    assert charter["homeless_suppressed"].to_list() == [True]
    academia = frame.filter(pl.col("school_code") == "0130229")
    assert academia["homeless"].to_list() == [None]
    assert academia["homeless_suppressed"].to_list() == [False]
    assert frame.filter(pl.col("level") == "school")["english_learner"].sum() == 200
    assert frame["charter"].to_list() == [None, False, True, False, True]


def test_both_workbook_engines_read_a_variant_the_same_way(variant):
    assert cde.read_upc(variant, engine="openpyxl").equals(cde.read_upc(variant))


def test_detect_kind_finds_a_upc_workbook_whatever_its_sheet_names(variant):
    assert cde.detect_kind(variant) == "upc"


def test_a_workbook_without_a_upc_sheet_is_refused_naming_the_missing_columns(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["County Code", "District Code", "School Code", "Total Enrollment"])
    sheet.append(["01", "61119", "0130229", 500])
    path = tmp_path / "enrollment.xlsx"
    workbook.save(path)
    with pytest.raises(cde.UnrecognisedFile) as caught:
        cde.read_upc(path)
    assert caught.value.missing == [
        "English Learner (EL)",
        "CALPADS Unduplicated Pupil Count (UPC)",
    ]
    with pytest.raises(cde.UnknownKind):
        cde.detect_kind(path)


def test_a_csv_export_of_a_upc_sheet_with_multiline_headers_reads(tmp_path):
    header = ",".join(f'"{h}"' for h in UPC_HEADERS)
    row = (
        '"01","61119","0130229","Alameda","Alameda Unified","Academia Niños","No",500,200,*,150,320'
    )
    path = tmp_path / "cupc2324-school.csv"
    path.write_text(header + "\r\n" + row + "\r\n", encoding="utf-8")
    table = cde.load_upc(path)
    assert table.frame["english_learner"].to_list() == [150]
    assert table.frame["homeless_suppressed"].to_list() == [True]
    assert table.frame["level"].to_list() == ["school"]
    assert table.school_year == "2023-24"


def test_columns_no_spec_names_are_kept_as_counts_or_as_text_codes(tmp_path):
    path = tmp_path / "Reclass2324.txt"
    path.write_text(
        "CDS\tCharter Num\tNPS\tReclass\n01611190130229\t0398\t3\t4\n01611190130237\t1284\t*\t2\n"
    )
    frame = cde.read_reclassification(path)
    assert frame["charter_num"].to_list() == ["0398", "1284"]
    assert frame["nps"].to_list() == [3, None]
    assert frame["nps_suppressed"].to_list() == [False, True]
