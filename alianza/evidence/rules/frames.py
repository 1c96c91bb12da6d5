"""The canonical student frames the rules run on, and the reference tables they need.

``years``: one row per student per school year (school_year = start year, 2023 = 2023-24).
``seal``: one row per student per other language with Seal of Biliteracy evidence.
Readers for each file layout produce these frames; the rules never see a file layout.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

YEARS_SCHEMA: dict[str, pl.DataType] = {
    "student_id": pl.String(),
    "school_year": pl.Int16(),
    "school_code": pl.String(),
    "grade": pl.Int8(),  # -1 TK, 0 K, 1-12
    "birth_date": pl.Date(),
    "el_status": pl.String(),  # EL, EO, IFEP, RFEP, TBD
    "el_entry_date": pl.Date(),
    "rfep_date": pl.Date(),
    "us_entry_date": pl.Date(),
    "us_years": pl.Int16(),  # completed years in US schools, when no entry date is known
    "language": pl.String(),  # ISO 639-2/3
    "student_groups": pl.String(),  # codes separated by ";"
    "elpac_level": pl.Int8(),  # Summative ELPAC overall performance level 1-4
    "elpac_scale": pl.Int16(),
    "elpac_oral_level": pl.Int8(),
    "caaspp_ela_level": pl.Int8(),  # 1 Not Met, 2 Nearly Met, 3 Met, 4 Exceeded
    "ela_coursework_complete": pl.Boolean(),
    "ela_gpa": pl.Float32(),
    "ap_english_score": pl.Int8(),
    "ib_english_score": pl.Int8(),
    "sat_ebrw_score": pl.Int16(),
    "teacher_evaluation": pl.Boolean(),
    "parent_consultation": pl.Boolean(),
    "basic_skills": pl.Boolean(),
}

SEAL_SCHEMA: dict[str, pl.DataType] = {
    "student_id": pl.String(),
    "language": pl.String(),
    "ap_score": pl.Int8(),
    "ib_score": pl.Int8(),
    "course_years": pl.Int8(),
    "course_gpa": pl.Float32(),
    "oral_proficiency": pl.Boolean(),
    "sat2_score": pl.Int16(),
    "district_exam": pl.Boolean(),
    "alternative_evidence": pl.Boolean(),
}

EL_STATUSES = ("EL", "EO", "IFEP", "RFEP", "TBD")

# Lowest scale score of levels 2, 3 and 4, and the top of the range, by grade (0 = K).
# Source: ETS/CDE "Summative ELPAC scale score ranges" (2018-19 on), as in el-rules.md.
SCALE_CUTS: dict[int, tuple[int, int, int, int]] = {
    0: (1374, 1422, 1474, 1700),
    1: (1411, 1455, 1507, 1700),
    2: (1424, 1471, 1532, 1700),
    3: (1448, 1488, 1535, 1800),
    4: (1459, 1499, 1549, 1800),
    5: (1467, 1514, 1560, 1800),
    6: (1475, 1517, 1567, 1900),
    7: (1481, 1527, 1576, 1900),
    8: (1486, 1534, 1590, 1900),
    9: (1493, 1545, 1606, 1950),
    10: (1493, 1545, 1606, 1950),
    11: (1500, 1555, 1615, 1950),
    12: (1500, 1555, 1615, 1950),
}
SCALE_MIN = 1150


def level_from_scale(frame: pl.LazyFrame, *, scale: str, grade: str, out: str) -> pl.LazyFrame:
    """Add ``out``: the overall level for ``scale`` in ``grade``; null when out of range.

    Cut points are looked up per row (no join), so row order is always preserved.
    """

    def cut(i: int) -> pl.Expr:
        table = {g: c[i] for g, c in SCALE_CUTS.items()}
        return pl.col(grade).replace_strict(table, default=None, return_dtype=pl.Int16)

    s = pl.col(scale)
    level = (
        pl.when(s.is_null() | (s < SCALE_MIN) | (s > cut(3)) | cut(0).is_null())
        .then(None)
        .when(s >= cut(2))
        .then(4)
        .when(s >= cut(1))
        .then(3)
        .when(s >= cut(0))
        .then(2)
        .otherwise(1)
        .cast(pl.Int8)
    )
    return frame.with_columns(level.alias(out))


def census_day(school_year: int) -> date:
    """First Wednesday in October of the school year's start year (CDE Census Day)."""
    first = date(school_year, 10, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7)


def school_year_label(school_year: int) -> str:
    return f"{school_year}-{(school_year + 1) % 100:02d}"


def empty_years() -> pl.DataFrame:
    return pl.DataFrame(schema=YEARS_SCHEMA)


def empty_seal() -> pl.DataFrame:
    return pl.DataFrame(schema=SEAL_SCHEMA)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Add any missing canonical column as nulls and put columns in canonical order."""
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in schema.items() if c not in frame.columns]
    if missing:
        frame = frame.with_columns(missing)
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])
