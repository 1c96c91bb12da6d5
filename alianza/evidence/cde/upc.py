"""CALPADS Unduplicated Pupil Count (UPC) workbooks, any year's variant.

CDE publishes one workbook a year (``cupcYYYY-k12.xlsx``) with a title sheet, an LEA-level
sheet, a school-level sheet, descriptions and notes; sheet names, the title sheet and the row
the header sits on change between years, and headers carry line breaks and doubled spaces.
So sheets are found by their headers, not their names or positions, and the header row is the
first row that has every column a UPC file must have.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import polars as pl

from alianza.core import untrusted
from alianza.evidence.cde.base import CdeTable, order, read_delimited
from alianza.evidence.cde.codes import COUNTY, DISTRICT, SCHOOL, level_from_cds, with_cds
from alianza.evidence.cde.columns import Col, Resolution, Spec, convert, resolve
from alianza.evidence.cde.errors import RefusedFile, UnreadableFile, UnrecognisedFile
from alianza.evidence.cde.textfiles import file_sha256, is_workbook
from alianza.evidence.cde.years import normalise_school_year, school_year_from_name

HEADER_SEARCH_ROWS = 40

UPC = Spec(
    kind="upc",
    title="CALPADS Unduplicated Pupil Count",
    columns=(
        Col("academic_year", "Academic Year", ("AcademicYear",), "year"),
        Col(COUNTY.name, COUNTY.label, COUNTY.aliases, "code", 2, required=True),
        Col(DISTRICT.name, DISTRICT.label, DISTRICT.aliases, "code", 5, required=True),
        Col(SCHOOL.name, SCHOOL.label, SCHOOL.aliases, "code", 7, required=True),
        Col("county_name", "County Name"),
        Col("district_name", "District Name"),
        Col("school_name", "School Name"),
        Col("district_type", "District Type"),
        Col("school_type", "School Type"),
        Col("educational_option_type", "Educational Option Type"),
        Col(
            "charter",
            "Charter School (Y/N)",
            ("Charter School", "Charter (Y/N)", "Charter"),
            "flag",
        ),
        Col(
            "charter_number", "Charter Number", ("Charter School Number", "Charter Num"), "ident", 4
        ),
        Col("charter_funding_type", "Charter Funding Type"),
        Col("irc", "IRC", ("Independently Reporting Charter",), "flag"),
        Col("low_grade", "Low Grade"),
        Col("high_grade", "High Grade"),
        Col(
            "total_enrollment",
            "Total Enrollment",
            ("Enrollment (K-12)", "Total Enrollment (K-12)", "Enrollment"),
            "count",
            required=True,
        ),
        Col(
            "frpm",
            "Free & Reduced Meal Program",
            (
                "Free and Reduced Meal Program",
                "Free & Reduced Price Meal Program",
                "Free and Reduced Price Meal Program",
                "FRPM",
            ),
            "count",
        ),
        Col("foster", "Foster", ("Foster Youth",), "count"),
        Col("tribal_foster_youth", "Tribal Foster Youth", (), "count"),
        Col("homeless", "Homeless", ("Homeless Youth",), "count"),
        Col("migrant", "Migrant Program", ("Migrant",), "count"),
        Col("direct_certification", "Direct Certification", (), "count"),
        Col(
            "unduplicated_frpm_eligible",
            "Unduplicated FRPM Eligible Count",
            ("Unduplicated FRPM Eligible",),
            "count",
        ),
        Col(
            "english_learner",
            "English Learner (EL)",
            ("English Learners (EL)", "English Learner", "English Learners", "EL"),
            "count",
            required=True,
        ),
        Col(
            "upc",
            "CALPADS Unduplicated Pupil Count (UPC)",
            ("Unduplicated Pupil Count (UPC)", "Unduplicated Pupil Count", "CALPADS UPC", "UPC"),
            "count",
            required=True,
        ),
        Col(
            "certified",
            "CALPADS Fall 1 Certification Status (Y/N)",
            (
                "Certification Status (Y/N)",
                "CALPADS Fall 1 Certification Status",
                "Certification Status",
            ),
            "flag",
        ),
    ),
)

IDENTITY = (
    "academic_year",
    "level",
    "sheet",
    "cds_code",
    "county_code",
    "district_code",
    "school_code",
    "county_name",
    "district_name",
    "school_name",
)
ENGINES = ("stream", "openpyxl")
# A UPC workbook has ~30 columns and ~11,000 school rows; these bounds leave wide room.
LIMITS = untrusted.DEFAULT_LIMITS.but(max_columns=500, max_rows=500_000, max_sheets=50)


def _cell_text(value: object) -> str | None:
    """A workbook cell as the text a CDE text file would hold (codes keep no ".0")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _sheets_stream(path: Path) -> Iterator[tuple[str, list[list[object]]]]:
    # Only rows and cells that hold values are kept, so a declared XFD1048576 costs nothing.
    with untrusted.open_workbook(path, LIMITS) as workbook:
        for index, name in enumerate(workbook.sheet_names):
            yield name, [values for _number, values in workbook.rows(index)]


def _sheets_openpyxl(path: Path) -> Iterator[tuple[str, list[list[object]]]]:
    import openpyxl

    untrusted.check_zip(path, LIMITS).close()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # never pad rows to the width the file declares
            rows = [list(row) for row in sheet.iter_rows(values_only=True) if any(
                value is not None for value in row)]
            if len(rows) > LIMITS.max_rows:
                raise untrusted.UntrustedFileError("file.too_many_rows", limit=LIMITS.max_rows)
            yield sheet.title, rows
    finally:
        workbook.close()


def _sheets(path: Path, engine: str = "stream") -> Iterator[tuple[str, list[list[object]]]]:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    reader = _sheets_stream if engine == "stream" else _sheets_openpyxl
    try:
        yield from reader(path)
    except untrusted.UntrustedFileError as exc:
        raise RefusedFile(file=path.name, error=exc) from exc
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise UnreadableFile(file=path.name, reason="it is not a readable workbook") from exc
    except Exception as exc:  # openpyxl raises its own error types for broken workbooks
        if type(exc).__module__.startswith(("zipfile", "openpyxl", "xml")):
            raise UnreadableFile(file=path.name, reason="it is not a readable workbook") from exc
        raise


def find_header(rows: list[list[object]]) -> tuple[int, Resolution] | tuple[None, Resolution]:
    """The first row (within the first rows of a sheet) that holds a UPC header.

    When no row qualifies, returns the resolution that came closest, to name what is missing.
    """
    closest: Resolution | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        resolution = resolve(row, UPC)
        if resolution.ok:
            return index, resolution
        if closest is None or len(resolution.missing) < len(closest.missing):
            closest = resolution
    return None, closest or resolve([], UPC)


def sheet_level(name: str) -> str | None:
    lowered = name.lower()
    if "school" in lowered:
        return "school"
    if "lea" in lowered.split() or "lea-" in lowered or "district" in lowered:
        return "district"
    return None


def _sheet_frame(
    name: str, rows: list[list[object]], header: int, resolution: Resolution, file: str
) -> pl.DataFrame:
    width = len(resolution.names)
    body = [row for row in rows[header + 1 :] if any(_cell_text(v) for v in row)]
    columns = {
        column: [_cell_text(row[i]) if i < len(row) else None for row in body]
        for i, column in enumerate(resolution.names)
    }
    frame = pl.DataFrame(columns, schema=dict.fromkeys(resolution.names, pl.String))
    # Footnotes under the table ("Note: ...") have no codes; they are not rows of data.
    county = pl.col("county_code").str.strip_chars()
    frame = frame.filter(county.str.contains(r"^\d+(\.0+)?$") | county.is_null())
    frame = frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in frame.columns[:width]))
    frame = convert(frame, UPC, file=file, first_row=header + 2)
    level = sheet_level(name)
    derived = level_from_cds(school_rows=level == "school")
    if level is not None:
        # Only zero codes can overrule the sheet: a county or state total row.
        derived = (
            pl.when(derived.is_in(["state", "county"])).then(derived).otherwise(pl.lit(level))
        ).alias("level")
    return with_cds(frame).with_columns(derived, pl.lit(name).alias("sheet"))


def _title_year(sheets: Iterable[tuple[str, list[list[object]]]]) -> str | None:
    for _name, rows in sheets:
        for row in rows[:HEADER_SEARCH_ROWS]:
            for value in row:
                text = _cell_text(value)
                # Only a span like "(2024–25)" names the year; a lone "2025" is a date.
                spans = text and any(sep in text for sep in ("-", "–"))
                if spans and (year := normalise_school_year(text)):
                    return year
    return None


def load_upc(path: str | Path, *, engine: str = "stream") -> CdeTable:
    """Every data sheet of a UPC workbook as one frame, ``level`` telling LEA from school rows.

    LEA rows (``level == "district"``) include direct-funded charters as their own LEAs, so
    sum either the LEA rows or the school rows, never both. A CSV export of one sheet also
    reads, with levels taken from the CDS codes.
    """
    path = Path(path)
    if not is_workbook(path):
        table = read_delimited(
            path,
            UPC,
            finish=lambda f: order(
                with_cds(f).with_columns(level_from_cds(school_rows=False)), IDENTITY
            ),
        )
        return table
    frames: list[pl.DataFrame] = []
    used: list[str] = []
    others: list[tuple[str, list[list[object]]]] = []
    closest: Resolution | None = None
    for name, rows in _sheets(path, engine):
        header, resolution = find_header(rows)
        if header is None:
            others.append((name, rows))
            if closest is None or len(resolution.missing) < len(closest.missing):
                closest = resolution
            continue
        frames.append(_sheet_frame(name, rows, header, resolution, path.name))
        used.append(name)
    if not frames:
        missing = closest.missing if closest else [c.label for c in UPC.columns if c.required]
        raise UnrecognisedFile(file=path.name, kind=UPC.title, missing=missing, kind_id=UPC.kind)
    frame = order(pl.concat(frames, how="diagonal_relaxed"), IDENTITY)
    school_year, source = None, None
    years = frame["academic_year"].drop_nulls().unique().sort() if "academic_year" in frame else []
    if len(years):
        school_year, source = str(years[-1]), "column"
    elif year := _title_year(others):
        school_year, source = year, "title sheet"
    elif year := school_year_from_name(path.name):
        school_year, source = year, "file name"
    return CdeTable(
        kind=UPC.kind,
        title=UPC.title,
        frame=frame,
        file_name=path.name,
        sha256=file_sha256(path),
        school_year=school_year,
        school_year_from=source,
        sheets=used,
    )


def read_upc(path: str | Path, *, engine: str = "stream") -> pl.DataFrame:
    return load_upc(path, engine=engine).frame
