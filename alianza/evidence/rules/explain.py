"""Readable reasons for every flag: each criterion with its status and the fact it used.

Built as string expressions over the status columns, so explaining a million students is one
more columnar step, not a loop.
"""

from __future__ import annotations

import polars as pl

_LABELS: dict[str, str] = {
    "ltel_el": "English learner",
    "ltel_grade": "grade in range",
    "ltel_us_years": "years in US schools",
    "ltel_eld": "same or lower ELPAC level in consecutive prior years",
    "ltel_ela": "prior-year ELA Standard Not Met",
    "at_risk_el": "English learner",
    "at_risk_grade": "grade in range",
    "at_risk_us_years": "years in US schools",
    "at_risk_eld": "prior-year ELPAC intermediate or below",
    "at_risk_ela": "ELA Standard Not Met",
    "dash_ltel_el": "English learner",
    "dash_ltel_grade": "grade counted",
    "dash_ltel_years": "years since first classified",
    "dash_ltel_not_proficient": "never reached ELPAC level 4",
    "rfep_el": "English learner",
    "rfep_elpac": "latest Summative ELPAC overall level 4",
    "rfep_teacher": "teacher evaluation",
    "rfep_parent": "parent consultation",
    "rfep_basic_skills": "basic skills",
    "rfep_monitoring_period": "within monitoring period",
    "seal_en_coursework": "English: ELA coursework",
    "seal_en_caaspp": "English: CAASPP ELA grade 11 Met or above",
    "seal_en_ap_ib": "English: AP 3+ or IB 4+",
    "seal_en_sat": "English: SAT EBRW 480+",
    "seal_lang_ap": "language: AP 3+",
    "seal_lang_ib": "language: IB 4+",
    "seal_lang_courses": "language: four years of study, GPA 3.0, oral proficiency",
    "seal_lang_district_exam": "language: district exam",
    "seal_lang_sat2": "language: SAT II 600+",
    "seal_lang_alternative": "language: alternative evidence",
    "seal_el_elpac": "English learner shows ELPAC proficiency",
}


def _txt(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).fill_null("none")


def _detail(column: str) -> pl.Expr | None:
    """The fact behind a criterion, as short text."""
    suffix = column.split("_", 1)[1] if "_" in column else column
    if column.endswith("_el") and not column.startswith("seal"):
        return pl.format("status {}", _txt("el_status"))
    if suffix.endswith("grade"):
        return pl.format("grade {}", _txt("grade"))
    if column.endswith("us_years"):
        return pl.format("{} completed years", _txt("us_years_completed"))
    if column == "ltel_eld":
        return pl.format("levels {} then {}", _txt("p2_level"), _txt("p1_level"))
    if column.endswith("_ela"):
        return pl.format("ELA level {}", _txt("p1_ela"))
    if column == "at_risk_eld":
        return pl.format("level {}", _txt("p1_level"))
    if column == "dash_ltel_years":
        return pl.format("{} completed years", _txt("dash_years_completed"))
    if column == "rfep_elpac":
        return pl.format("level {} in {}", _txt("latest_level"), _txt("latest_level_year"))
    if column == "rfep_monitoring_period":
        return pl.format(
            "reclassified {}, until {}", _txt("rfep_reclassified_on"), _txt("rfep_monitoring_ends")
        )
    return None


def reasons(columns: list[str], alias: str) -> pl.Expr:
    """'label: status (fact); ...' for the given criterion columns."""
    parts = []
    for column in columns:
        head = pl.lit(_LABELS.get(column, column) + ": ")
        detail = _detail(column)
        if detail is None:
            parts.append(pl.concat_str([head, _txt(column)]))
        else:
            parts.append(pl.concat_str([head, _txt(column), pl.lit(" ("), detail, pl.lit(")")]))
    return pl.concat_str(parts, separator="; ").alias(alias)
