"""Build small canonical student frames by hand for rule tests."""

from __future__ import annotations

from datetime import date

import polars as pl

from alianza.evidence.rules import Options, evaluate
from alianza.evidence.rules.frames import SEAL_SCHEMA, YEARS_SCHEMA, conform

YEAR = 2024  # evaluated school year 2024-25; Census Day 2 October 2024
CENSUS = date(2024, 10, 2)


def student(
    sid: str = "S1",
    *,
    grade: int = 8,
    status: str | None = "EL",
    entry: date | None = date(2015, 8, 20),
    levels: dict[int, int] | None = None,
    ela: dict[int, int] | None = None,
    oral: dict[int, int] | None = None,
    year: int = YEAR,
    statuses: dict[int, str] | None = None,
    **current: object,
) -> list[dict]:
    """Rows for one student: the evaluated year plus every year a score is given for.

    Grades count back one per year from ``grade``; ``current`` fields go on the evaluated
    year's row (and English Seal evidence may be given there too).
    """
    levels, ela, oral, statuses = levels or {}, ela or {}, oral or {}, statuses or {}
    years = sorted({year, *levels, *ela, *oral, *statuses})
    rows = []
    for y in years:
        row = {
            "student_id": sid,
            "school_year": y,
            "grade": grade - (year - y),
            "el_status": statuses.get(y, status),
            "us_entry_date": entry,
            "elpac_level": levels.get(y),
            "caaspp_ela_level": ela.get(y),
            "elpac_oral_level": oral.get(y),
        }
        if y == year:
            row.update(current)
        rows.append(row)
    return rows


def frame(*students: list[dict]) -> pl.DataFrame:
    rows = [r for s in students for r in s]
    return conform(pl.DataFrame(rows, infer_schema_length=None), YEARS_SCHEMA)


def seal_rows(*rows: dict) -> pl.DataFrame:
    return conform(pl.DataFrame(list(rows), infer_schema_length=None), SEAL_SCHEMA)


def run(
    *students: list[dict],
    seal: pl.DataFrame | None = None,
    rules="ec313.1-2015",
    seal_rules="seal-2024",
    **options,
):
    return evaluate(
        frame(*students), seal, rules=rules, seal_rules=seal_rules, options=Options(**options)
    )


def one(result, sid: str = "S1") -> dict:
    rows = result.students.filter(pl.col("student_id") == sid).to_dicts()
    assert len(rows) == 1
    return {k: (str(v) if hasattr(v, "dtype") else v) for k, v in rows[0].items()}


def seal_of(result, sid: str = "S1", language: str = "spa") -> dict:
    rows = result.seal.filter(
        (pl.col("student_id") == sid) & (pl.col("language") == language)
    ).to_dicts()
    assert len(rows) == 1
    return rows[0]
