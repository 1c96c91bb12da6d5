"""CAASPP / ELPAC lookups: the entities file (names for CDS codes) and student groups."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from alianza.evidence.cde.base import CdeTable, order, read_delimited
from alianza.evidence.cde.codes import (
    CHARTER_FUNDING,
    COUNTY,
    DISTRICT,
    SCHOOL,
    level_from_type_id,
    with_cds,
)
from alianza.evidence.cde.columns import Col, Spec, map_unique
from alianza.evidence.cde.years import school_year_from_test_year

ENTITIES = Spec(
    kind="entities",
    title="CAASPP/ELPAC entities",
    columns=(
        Col(COUNTY.name, COUNTY.label, COUNTY.aliases, "code", 2, required=True),
        Col(DISTRICT.name, DISTRICT.label, DISTRICT.aliases, "code", 5, required=True),
        Col(SCHOOL.name, SCHOOL.label, SCHOOL.aliases, "code", 7, required=True),
        Col("type_id", "Type ID", ("Type", "Entity Type"), "code", required=True),
        Col("test_year", "Test Year", ("TestYear",), "code", 4),
        Col("county_name", "County Name"),
        Col("district_name", "District Name"),
        Col("school_name", "School Name"),
        Col("zip_code", "Zip Code", ("Zip",)),
    ),
)

STUDENT_GROUPS = Spec(
    kind="student_groups",
    title="CAASPP/ELPAC student groups",
    columns=(
        Col(
            "group_id",
            "Demographic ID",
            ("Student Group ID", "Subgroup ID"),
            "code",
            3,
            required=True,
        ),
        Col("group_number", "Demographic ID Num", ("Demographic ID Number",), "code"),
        Col("group_name", "Demographic Name", ("Student Group Name",), required=True),
        Col("category", "Student Group", ("Student Group Category",), required=True),
    ),
)


def _finish_entities(frame: pl.DataFrame) -> pl.DataFrame:
    type_id = pl.col("type_id").str.strip_chars_start("0")
    frame = with_cds(frame).with_columns(
        level_from_type_id(),
        type_id.replace_strict(CHARTER_FUNDING, default=None, return_dtype=pl.String).alias(
            "charter_funding"
        ),
    )
    if "test_year" in frame.columns:
        frame = frame.with_columns(
            map_unique(frame, "test_year", school_year_from_test_year).alias("school_year")
        )
    return order(
        frame,
        (
            "school_year",
            "test_year",
            "level",
            "type_id",
            "charter_funding",
            "cds_code",
            "county_code",
            "district_code",
            "school_code",
            "county_name",
            "district_name",
            "school_name",
        ),
    )


def _finish_groups(frame: pl.DataFrame) -> pl.DataFrame:
    # Names keep CDE's own punctuation ("Ever–EL" is an en dash, byte 0x96 in Windows-1252).
    return order(frame, ("group_id", "group_number", "group_name", "category"))


def load_entities(path: str | Path) -> CdeTable:
    """``sb_caYYYYentities_csv.txt``: every state, county, district and school with its name.

    ``type_id`` is the file's own code; ``level`` maps 4/5/6/7 to state/county/district/
    school and the charter types 9 (direct-funded) and 10 (locally funded) to school.
    Unknown types keep their ``type_id`` with a null ``level``.
    """
    return read_delimited(path, ENTITIES, finish=_finish_entities, year_column="school_year")


def load_student_groups(path: str | Path) -> CdeTable:
    """``StudentGroups_YYYY.txt``: the student-group codes used in CAASPP and ELPAC files."""
    return read_delimited(path, STUDENT_GROUPS, finish=_finish_groups, year_column="school_year")


def read_entities(path: str | Path) -> pl.DataFrame:
    return load_entities(path).frame


def read_student_groups(path: str | Path) -> pl.DataFrame:
    return load_student_groups(path).frame
