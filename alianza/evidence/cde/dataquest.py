"""DataQuest downloads about English learners: LTEL, ELs by grade and language, reclassification.

Layouts follow CDE's file-structure pages (cde.ca.gov/ds/ad/fsltela.asp and the older
Language Census pages); columns are found by name, so a year that adds, drops or reorders
columns still reads. Columns a spec does not name are kept: counts as counts (with their
``_suppressed`` twin), text as text.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from alianza.evidence.cde.base import CdeTable, order, read_delimited
from alianza.evidence.cde.codes import (
    CDS,
    CDS_ONE_OF,
    CODE_PARTS,
    COUNTY,
    DISTRICT,
    SCHOOL,
    level_from_agg,
    level_from_cds,
    with_cds,
)
from alianza.evidence.cde.columns import Col, Spec
from alianza.evidence.cde.languages import normalise_language_column

IDENTITY = (
    "academic_year",
    "level",
    "agg_level",
    "cds_code",
    "county_code",
    "district_code",
    "school_code",
    "county_name",
    "district_name",
    "school_name",
)


def _names(county: tuple[str, ...], district: tuple[str, ...], school: tuple[str, ...]):
    return (
        Col("county_name", "County Name", county),
        Col("district_name", "District Name", district),
        Col("school_name", "School Name", school),
    )


LTEL = Spec(
    kind="ltel",
    title="LTEL and At-Risk by Grade (LTELDOWNLOAD)",
    columns=(
        Col("academic_year", "AcademicYear", ("Academic Year", "Year"), "year", required=True),
        COUNTY,
        DISTRICT,
        SCHOOL,
        CDS,
        *_names(("CountyName",), ("DistrictName",), ("SchoolName",)),
        Col("charter", "Charter", ("Charter (Y/N)",), "flag"),
        Col("agg_level", "AggLevel", ("Aggregate Level",), required=True),
        Col("grade", "Grade", (), "grade", required=True),
        Col("gender", "Gender", (), required=True),
        Col("eo", "EO", (), "count"),
        Col("ifep", "IFEP", (), "count"),
        Col("el", "EL", (), "count", required=True),
        Col("rfep", "RFEP", (), "count"),
        Col("tbd", "TBD", (), "count"),
        Col("total_enrollment", "TotalEnrollment", ("Total Enrollment",), "count", required=True),
        Col("at_risk", "AR", ("At-Risk", "AtRisk", "At Risk"), "count", required=True),
        Col("ltel", "LTEL", ("Long-Term English Learner",), "count", required=True),
        Col("total_ever_el", "Total-EE", ("TotalEE", "Total Ever-EL", "EverEL"), "count"),
    ),
    # LTEL files split the CDS code into three columns, so those are what a refusal names.
    one_of=((CODE_PARTS, ("cds_code",)),),
)

GRADE_COLUMNS = (
    Col("grade_kn", "KDGN", ("KN", "K", "Kindergarten", "GR_K"), "count"),
    *(
        Col(f"grade_{n:02d}", f"GR_{n}", (f"GR_{n:02d}", f"Grade {n}", f"Grade {n:02d}"), "count")
        for n in range(1, 13)
    ),
    Col("ungraded", "UNGR", ("UE", "US", "Ungraded"), "count"),
)

EL_LANGUAGE = Spec(
    kind="el_language",
    title="English Learners by Grade and Language",
    columns=(
        CDS,
        COUNTY,
        DISTRICT,
        SCHOOL,
        *_names(("COUNTY",), ("DISTRICT",), ("SCHOOL",)),
        Col("academic_year", "YEAR", ("AcademicYear", "Academic Year"), "year"),
        Col("language_code", "LC", ("Language Code", "LanguageCode", "LANG_CODE"), required=True),
        Col("language_name", "LANGUAGE", ("Language Name",)),
        *GRADE_COLUMNS,
        Col("total", "TOTAL", ("Total EL", "TotalEL"), "count", required=True),
    ),
    one_of=(CDS_ONE_OF,),
)

RECLASSIFICATION = Spec(
    kind="reclassification",
    title="Reclassified English Learners (RFEP)",
    columns=(
        CDS,
        COUNTY,
        DISTRICT,
        SCHOOL,
        *_names(("County", "COUNTY"), ("District", "DISTRICT"), ("School", "SCHOOL")),
        Col("academic_year", "YEAR", ("AcademicYear", "Academic Year"), "year"),
        Col("agg_level", "AggLevel", ("Aggregate Level",)),
        Col("el", "EL", ("English Learners",), "count"),
        Col("fep", "FEP", ("Fluent English Proficient",), "count"),
        Col("reclassified", "Reclass", ("Reclassified",), "count", required=True),
    ),
    one_of=(CDS_ONE_OF,),
)


def _levels(frame: pl.DataFrame) -> pl.DataFrame:
    """AggLevel when the file says it; otherwise from the zeros in the CDS code."""
    if "agg_level" in frame.columns:
        return frame.with_columns(level_from_agg())
    return frame.with_columns(level_from_cds(school_rows=True))


def _finish_ltel(frame: pl.DataFrame) -> pl.DataFrame:
    frame = with_cds(frame).with_columns(pl.col("gender").str.to_uppercase())
    return order(_levels(frame), (*IDENTITY, "grade", "gender"))


def _finish_el_language(frame: pl.DataFrame) -> pl.DataFrame:
    frame = normalise_language_column(_levels(with_cds(frame)), "language_code")
    return order(frame, (*IDENTITY, "language_code", "language_code_source", "language_name"))


def _finish_reclassification(frame: pl.DataFrame) -> pl.DataFrame:
    return order(_levels(with_cds(frame)), IDENTITY)


def load_ltel(path: str | Path) -> CdeTable:
    """An ``LTELDOWNLOADyyyy.txt`` file: ELAS, LTEL and at-risk counts by grade and gender.

    Rows come at every level (``level``), grade (``KN``, ``01``…``12``, ``UE``, ``ALL``)
    and gender (``M``, ``F``, ``ALL``): filter to one grade and one gender before summing.
    """
    return read_delimited(path, LTEL, finish=_finish_ltel)


def load_el_language(path: str | Path) -> CdeTable:
    """English learners by grade and home language, one row per school and language."""
    return read_delimited(path, EL_LANGUAGE, finish=_finish_el_language)


def load_reclassification(path: str | Path) -> CdeTable:
    """English learners reclassified fluent English proficient (RFEP), by school."""
    return read_delimited(path, RECLASSIFICATION, finish=_finish_reclassification)


def read_ltel(path: str | Path) -> pl.DataFrame:
    return load_ltel(path).frame


def read_el_language(path: str | Path) -> pl.DataFrame:
    return load_el_language(path).frame


def read_reclassification(path: str | Path) -> pl.DataFrame:
    return load_reclassification(path).frame
