"""Readers for student-level files: the Alianza student layout and the official ELPAC Student
Score Data File. Both produce the canonical frames in :mod:`.frames`.

Header-driven (column order never matters), tolerant of encodings and delimiters, and strict
about what must be there: a file missing required columns is refused with their names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from .errors import ReadWarning
from .frames import SEAL_SCHEMA, YEARS_SCHEMA, conform, level_from_scale
from .parsing import (
    LayoutError,
    bool_expr,
    caaspp_level_expr,
    date_expr,
    el_status_expr,
    first_line,
    float_expr,
    grade_expr,
    int_expr,
    language_expr,
    level_expr,
    normalise_header,
    read_text_table,
    require_columns,
    school_year_expr,
    unreadable_warnings,
)


@dataclass
class StudentData:
    years: pl.DataFrame
    seal: pl.DataFrame
    warnings: list[ReadWarning] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def combine(self, other: StudentData) -> StudentData:
        return StudentData(
            years=pl.concat([self.years, other.years]),
            seal=pl.concat([self.seal, other.seal]),
            warnings=self.warnings + other.warnings,
            sources=self.sources + other.sources,
        )


# --- Alianza student layout (docs/evidence-student-layout.md) ------------------------------

ALIANZA_REQUIRED = ["student_id", "school_year", "grade", "el_status"]
ALIANZA_ALIASES = {
    "ssid": "student_id",
    "grade_level": "grade",
    "year": "school_year",
    "academic_year": "school_year",
    "elas": "el_status",
    "english_language_acquisition_status": "el_status",
    "first_us_school_entry_date": "us_entry_date",
    "years_in_us_schools": "us_years",
    "primary_language": "language",
    "elpac_level": "elpac_overall_level",
    "elpac_scale_score": "elpac_overall_scale_score",
}

# canonical column -> (layout column, parser)
_YEAR_FIELDS = {
    "student_id": ("student_id", lambda c: pl.col(c)),
    "school_year": ("school_year", school_year_expr),
    "school_code": ("school_code", lambda c: pl.col(c)),
    "grade": ("grade", grade_expr),
    "birth_date": ("birth_date", date_expr),
    "el_status": ("el_status", el_status_expr),
    "el_entry_date": ("el_entry_date", date_expr),
    "rfep_date": ("rfep_date", date_expr),
    "us_entry_date": ("us_entry_date", date_expr),
    "us_years": ("us_years", int_expr),
    "language": ("language", language_expr),
    "student_groups": ("student_groups", lambda c: pl.col(c)),
    "elpac_level": ("elpac_overall_level", level_expr),
    "elpac_scale": ("elpac_overall_scale_score", int_expr),
    "elpac_oral_level": ("elpac_oral_level", level_expr),
    "caaspp_ela_level": ("caaspp_ela_level", caaspp_level_expr),
    "ela_coursework_complete": ("ela_coursework_complete", bool_expr),
    "ela_gpa": ("ela_gpa", float_expr),
    "ap_english_score": ("ap_english_score", lambda c: int_expr(c, pl.Int8)),
    "ib_english_score": ("ib_english_score", lambda c: int_expr(c, pl.Int8)),
    "sat_ebrw_score": ("sat_ebrw_score", int_expr),
    "teacher_evaluation": ("teacher_evaluation", bool_expr),
    "parent_consultation": ("parent_consultation", bool_expr),
    "basic_skills": ("basic_skills", bool_expr),
}
_SEAL_FIELDS = {
    "student_id": ("student_id", lambda c: pl.col(c)),
    "language": ("seal_language", language_expr),
    "ap_score": ("seal_ap_score", lambda c: int_expr(c, pl.Int8)),
    "ib_score": ("seal_ib_score", lambda c: int_expr(c, pl.Int8)),
    "course_years": ("seal_course_years", lambda c: int_expr(c, pl.Int8)),
    "course_gpa": ("seal_course_gpa", float_expr),
    "oral_proficiency": ("seal_oral_proficiency", bool_expr),
    "sat2_score": ("seal_sat2_score", int_expr),
    "district_exam": ("seal_district_exam", bool_expr),
    "alternative_evidence": ("seal_alternative_evidence", bool_expr),
}


# Values no student can have: left blank and counted, so they never reach a published count.
# canonical column -> (lowest, highest, the range as the message states it)
POSSIBLE_RANGES: dict[str, tuple[float, float, str]] = {
    "grade": (-1, 12, "TK-12"),
    "us_years": (0, 16, "0-16"),
    "ela_gpa": (0, 5, "0.0-5.0"),
    "course_gpa": (0, 5, "0.0-5.0"),
    "ap_english_score": (1, 5, "1-5"),
    "ap_score": (1, 5, "1-5"),
    "ib_english_score": (1, 7, "1-7"),
    "ib_score": (1, 7, "1-7"),
    "sat_ebrw_score": (200, 800, "200-800"),
    "sat2_score": (200, 800, "200-800"),
    "course_years": (0, 12, "0-12"),
}
# Dates that cannot lie in the future: births, entries and reclassifications have happened.
PAST_DATES = ("birth_date", "el_entry_date", "rfep_date", "us_entry_date")


def blank_impossible(
    raw: pl.DataFrame, parsed: pl.DataFrame, pairs: dict[str, str], *, today: date | None = None
) -> tuple[pl.DataFrame, list[ReadWarning]]:
    """Blank values outside their possible range (grade 13, 400 years in US schools, a GPA of
    9, an entry date in the future) and count them per column."""
    today = today or date.today()
    warnings = []
    for raw_col, out in pairs.items():
        if out not in parsed.columns:
            continue
        values = parsed[out]
        if out in POSSIBLE_RANGES:
            low, high, allowed = POSSIBLE_RANGES[out]
            bad = values.is_not_null() & ~values.is_between(low, high)
            code, params = "impossible_values", {"allowed": allowed}
        elif out in PAST_DATES:
            bad = values.is_not_null() & (values > today)
            code, params = "future_dates", {}
        else:
            continue
        n = int(bad.fill_null(False).sum())
        if not n:
            continue
        parsed = parsed.with_columns(pl.when(bad).then(None).otherwise(pl.col(out)).alias(out))
        warnings.append(ReadWarning(code, {
            "count": n, "column": raw_col, "line": first_line(raw, bad.fill_null(False)),
            **params}))
    return parsed, warnings


# Columns whose values become the keys of stored aggregates: a key is stored even when its
# count is suppressed, so only values shaped like codes (or, for languages, like a language's
# name) may become one. A 10-digit SSID in the school column, or a date or an id in the
# language column, is counted as "other" instead.
OTHER = "other"
CODE_SHAPES = {
    "school_code": r"^\d{1,7}$",  # CDS school codes; an SSID has 10 digits
    "language": r"^\p{L}[\p{L} '\-]{0,39}$",  # ISO codes or names; never digits
}
GROUP_SHAPE = r"^[A-Za-z0-9_]{1,10}$"


def keep_codes(
    raw: pl.DataFrame, parsed: pl.DataFrame, pairs: dict[str, str]
) -> tuple[pl.DataFrame, list[ReadWarning]]:
    """Replace values of aggregate key columns that are not shaped like codes, and count them."""
    warnings = []
    for raw_col, out in pairs.items():
        if out in CODE_SHAPES:
            values = parsed[out]
            bad = values.is_not_null() & ~values.str.contains(CODE_SHAPES[out])
            cleaned = pl.when(bad).then(pl.lit(OTHER)).otherwise(pl.col(out))
        elif out == "student_groups":
            kept = parsed.select(
                pl.col(out).str.split(";").list.eval(
                    pl.element().str.strip_chars().filter(pl.element().str.contains(GROUP_SHAPE))
                ).list.join(";")
            ).to_series()
            bad = parsed[out].is_not_null() & (kept != parsed[out].str.replace_all(r"\s", ""))
            cleaned = pl.when(pl.col(out).is_null()).then(None).otherwise(kept)
        else:
            continue
        n = int(bad.fill_null(False).sum())
        if n:
            parsed = parsed.with_columns(cleaned.alias(out))
            warnings.append(ReadWarning("not_codes", {
                "count": n, "column": raw_col, "line": first_line(raw, bad.fill_null(False))}))
    return parsed, warnings


def _select(raw: pl.DataFrame, fields: dict, schema: dict, source: str) -> tuple:
    exprs = [
        parse(column).alias(out) for out, (column, parse) in fields.items() if column in raw.columns
    ]
    parsed = conform(raw.select(exprs), schema)
    pairs = {col: out for out, (col, _) in fields.items() if col in raw.columns}
    warnings = unreadable_warnings(raw, parsed, pairs, source=source)
    parsed, impossible = blank_impossible(raw, parsed, pairs)
    parsed, not_codes = keep_codes(raw, parsed, pairs)
    return parsed, warnings + impossible + not_codes


def _refuse_duplicates(years: pl.DataFrame, source: str) -> None:
    """Refuse repeated student-years; counted, because the ids are the students'."""
    dupes = years.filter(pl.struct("student_id", "school_year").is_duplicated())
    if dupes.height:
        raise LayoutError("duplicates", source=source, count=dupes.height)


def _refuse_missing(frame: pl.DataFrame, raw: pl.DataFrame, column: str, *, label: str,
                    source: str) -> None:
    missing = frame[column].is_null()
    if int(missing.sum()):
        raise LayoutError("missing_values", source=source, count=int(missing.sum()),
                          column=label, line=first_line(raw, missing))


def _derive_levels(years: pl.DataFrame, source: str) -> tuple[pl.DataFrame, list[ReadWarning]]:
    """Fill missing overall levels from scale scores (el-rules.md table); report problems."""
    derived = level_from_scale(
        years.lazy(), scale="elpac_scale", grade="grade", out="_derived"
    ).collect()
    warnings = []
    scored = derived["elpac_scale"].is_not_null()
    unusable = scored & derived["_derived"].is_null() & derived["elpac_level"].is_null()
    if int(unusable.sum()):
        warnings.append(ReadWarning("scale_out_of_range", {"count": int(unusable.sum())}))
    disagree = (
        derived["elpac_level"].is_not_null()
        & derived["_derived"].is_not_null()
        & (derived["elpac_level"] != derived["_derived"])
    )
    if int(disagree.sum()):
        warnings.append(ReadWarning("level_mismatch", {"count": int(disagree.sum())}))
    years = derived.with_columns(pl.coalesce("elpac_level", "_derived").alias("elpac_level")).drop(
        "_derived"
    )
    return years, warnings


def _alias_renames(columns: list[str]) -> dict[str, str]:
    """Aliases to rename, never onto a column the file already has (``ssid`` next to
    ``student_id``, or ``year`` next to ``academic_year``): the first one found is used."""
    taken = set(columns)
    renames: dict[str, str] = {}
    for column in columns:
        target = ALIANZA_ALIASES.get(column)
        if target and target not in taken:
            renames[column] = target
            taken.add(target)
    return renames


def read_alianza(path: str | Path) -> StudentData:
    """Read a file in the Alianza student layout (one row per student per school year, plus
    optional ``record=seal`` rows with Seal of Biliteracy evidence per language)."""
    source = Path(path).name
    raw, _, _ = read_text_table(path)
    raw = raw.rename({c: normalise_header(c) for c in raw.columns})
    raw = raw.rename(_alias_renames(raw.columns))
    require_columns(raw.columns, ALIANZA_REQUIRED, source=source, layout="alianza")
    # Line numbers survive the split into year and seal rows, for the warnings.
    raw = raw.with_row_index("_line", offset=2)
    if "record" in raw.columns:
        record = raw["record"].fill_null("year").str.to_lowercase()
        unknown = ~record.is_in(["year", "seal"])
        if int(unknown.sum()):
            raise LayoutError("bad_record", source=source, count=int(unknown.sum()),
                              line=first_line(raw, unknown))
        year_raw, seal_raw = raw.filter(record == "year"), raw.filter(record == "seal")
    else:
        year_raw, seal_raw = raw, raw.clear()
    if "us_entry_date" not in raw.columns and "us_years" not in raw.columns:
        raise LayoutError("needs_us_entry", source=source)
    if seal_raw.height:
        require_columns(raw.columns, ["seal_language"], source=source, layout="alianza")

    years, warnings = _select(year_raw, _YEAR_FIELDS, YEARS_SCHEMA, source)
    for column in ("student_id", "school_year"):
        _refuse_missing(years, year_raw, column, label=column, source=source)
    _refuse_duplicates(years, source)
    years, level_warnings = _derive_levels(years, source)
    seal, seal_warnings = _select(seal_raw, _SEAL_FIELDS, SEAL_SCHEMA, source)
    if seal.height and seal["language"].null_count():
        raise LayoutError("seal_language", source=source)
    return StudentData(
        years=years,
        seal=seal.unique(["student_id", "language"], keep="last", maintain_order=True),
        warnings=warnings + level_warnings + seal_warnings,
        sources=[source],
    )


# --- ELPAC Student Score Data File ---------------------------------------------------------

ELPAC_REQUIRED = ["SSID", "GradeAssessed", "OverallScaleScore"]
_ELPAC_FIELDS = {
    "student_id": ("SSID", lambda c: pl.col(c)),
    "school_code": ("CALPADSSchoolCode", lambda c: pl.col(c)),
    "birth_date": ("DateofBirth", date_expr),
    "el_status": ("ELStatus", el_status_expr),
    "el_entry_date": ("ELEntryDate", date_expr),
    "rfep_date": ("ELExitDate", date_expr),
    "us_entry_date": ("FirstEntryDateInUSSchool", date_expr),
    "language": ("CALPADSPrimaryLanguage", language_expr),
    "elpac_level": ("OverallPL", level_expr),
    "elpac_scale": ("OverallScaleScore", int_expr),
    "elpac_oral_level": ("OralLanguagePL", level_expr),
}


def _school_year_from(path: Path, raw: pl.DataFrame) -> int | None:
    match = re.search(r"(20\d\d)[-_](\d\d)(?!\d)", path.name)
    if match:
        return int(match.group(1))
    for column in ("FinalTestCompletedDate", "TestCompletedDate1"):
        if column in raw.columns:
            tested = raw.select(date_expr(column).drop_nulls().min()).item()
            if tested is not None:
                # The Summative ELPAC is given in spring: February-May of the school year.
                return tested.year - 1 if tested.month < 7 else tested.year
    return None


def read_elpac(path: str | Path, *, school_year: int | None = None) -> StudentData:
    """Read an official ELPAC Student Score Data File (caret-delimited, ~370 columns)."""
    path = Path(path)
    source = path.name
    raw, _, _ = read_text_table(path)
    # Official names are CamelCase; match them case-insensitively and ignoring spaces.
    official = {normalise_header(n): n for n in [*ELPAC_REQUIRED, *_elpac_optional()]}
    raw = raw.rename({c: official.get(normalise_header(c), c) for c in raw.columns})
    require_columns(raw.columns, ELPAC_REQUIRED, source=source, layout="elpac")
    year = school_year if school_year is not None else _school_year_from(path, raw)
    if year is None:
        raise LayoutError("no_school_year", source=source)
    years, warnings = _select(raw, _ELPAC_FIELDS, YEARS_SCHEMA, source)
    grade_source = "CALPADSGrade" if "CALPADSGrade" in raw.columns else "GradeAssessed"
    years = years.with_columns(
        pl.lit(year, dtype=pl.Int16).alias("school_year"),
        pl.coalesce(
            raw.select(grade_expr(grade_source)).to_series(),
            raw.select(grade_expr("GradeAssessed")).to_series(),
        ).alias("grade"),
    )
    warnings += unreadable_warnings(
        raw,
        years.with_columns(raw.select(grade_expr("GradeAssessed")).to_series().alias("g")),
        {"GradeAssessed": "g"},
        source=source,
    )
    years, impossible = blank_impossible(raw, years, {grade_source: "grade"})
    warnings += impossible
    blank_status = years["el_status"].null_count()
    if blank_status:
        # Only English learners take the Summative ELPAC, so a blank status means EL.
        years = years.with_columns(pl.col("el_status").fill_null("EL"))
        warnings.append(ReadWarning("status_blank", {"count": blank_status}))
    _refuse_missing(years, raw, "student_id", label="SSID", source=source)
    _refuse_duplicates(years, source)
    # Levels come from the scale score and the grade assessed, which may differ from the
    # enrolled grade; derive against GradeAssessed.
    assessed_grade = raw.select(grade_expr("GradeAssessed")).to_series()
    assessed = years.with_columns(
        pl.when(assessed_grade.is_between(-1, 12)).then(assessed_grade).alias("grade")
    )
    assessed, level_warnings = _derive_levels(assessed, source)
    years = years.with_columns(assessed["elpac_level"])
    return StudentData(
        years=years,
        seal=conform(pl.DataFrame(), SEAL_SCHEMA),
        warnings=warnings + level_warnings,
        sources=[source],
    )


def _elpac_optional() -> list[str]:
    return [c for c, _ in _ELPAC_FIELDS.values()] + [
        "CALPADSGrade",
        "FinalTestCompletedDate",
        "TestCompletedDate1",
    ]


def read_students(paths: list[str | Path], *, layout: str = "alianza") -> StudentData:
    """Read one or more files of one layout (several ELPAC files give several years)."""
    if layout not in ("alianza", "elpac"):
        raise LayoutError("unknown_layout")
    reader = read_alianza if layout == "alianza" else read_elpac
    data: StudentData | None = None
    for path in paths:
        part = reader(path)
        data = part if data is None else data.combine(part)
    if data is None:
        raise LayoutError("no_input")
    _refuse_duplicates(data.years, " + ".join(data.sources))
    return data
