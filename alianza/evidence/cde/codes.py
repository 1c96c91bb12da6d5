"""CDS codes and aggregate levels.

A CDS code is 14 digits of text: county (2) + district (5) + school (7). District and county
office rows use school ``0000000``; county rows district ``00000``; the state is all zeros.
Every reader returns ``level`` as one of :data:`LEVELS` so figures from different files line
up, and keeps the file's own level code beside it.
"""

from __future__ import annotations

import polars as pl

from alianza.evidence.cde.columns import Col

LEVELS = ("state", "county", "district", "school")

# DataQuest downloads: AggLevel. "D" counts LEAs, which include direct-funded charters.
# DataQuest writes a county row as "O" in most downloads and "C" in others (the LTEL and
# census files); an unread county row would be replaced by a sum of its districts.
AGG_LEVELS: dict[str, str] = {
    "T": "state", "O": "county", "C": "county", "D": "district", "S": "school",
}

# CAASPP / ELPAC entity files: Type ID. 9 and 10 are charter schools (direct-funded and
# locally funded), listed as schools rather than under a 7.
ENTITY_TYPES: dict[str, str] = {
    "4": "state",
    "5": "county",
    "6": "district",
    "7": "school",
    "9": "school",
    "10": "school",
}
CHARTER_FUNDING: dict[str, str] = {"9": "direct", "10": "local"}

COUNTY = Col("county_code", "County Code", ("CountyCode", "C_CODE"), "code", 2)
DISTRICT = Col("district_code", "District Code", ("DistrictCode", "D_CODE"), "code", 5)
SCHOOL = Col("school_code", "School Code", ("SchoolCode", "S_CODE"), "code", 7)
CDS = Col("cds_code", "CDS", ("CDS_CODE", "CDS Code", "CDSCode", "CDS14"), "code", 14)
CODE_PARTS = ("county_code", "district_code", "school_code")
CDS_ONE_OF = (("cds_code",), CODE_PARTS)


def with_cds(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill in whichever of ``cds_code`` and its three parts the file did not carry."""
    if "cds_code" in frame.columns and not all(p in frame.columns for p in CODE_PARTS):
        cds = pl.col("cds_code")
        return frame.with_columns(
            cds.str.slice(0, 2).alias("county_code"),
            cds.str.slice(2, 5).alias("district_code"),
            cds.str.slice(7, 7).alias("school_code"),
        )
    if all(p in frame.columns for p in CODE_PARTS) and "cds_code" not in frame.columns:
        return frame.with_columns(
            pl.when(pl.all_horizontal(pl.col(p).is_not_null() for p in CODE_PARTS))
            .then(pl.concat_str([pl.col(p) for p in CODE_PARTS]))
            .otherwise(None)
            .alias("cds_code")
        )
    return frame


def level_from_cds(*, school_rows: bool) -> pl.Expr:
    """State and county rows by their zero codes; the rest are districts or schools.

    In a school-level file (``school_rows``) a row with school ``0000000`` is a school-like
    entry (e.g. students reported by the district office), not a district total, so it stays
    a school: calling it a district would double count it against the schools.
    """
    county, district, school = (pl.col(p) for p in CODE_PARTS)
    rest = (
        pl.lit("school")
        if school_rows
        else (pl.when(school == "0000000").then(pl.lit("district")).otherwise(pl.lit("school")))
    )
    return (
        pl.when((county == "00") & (district == "00000"))
        .then(pl.lit("state"))
        .when(district == "00000")
        .then(pl.lit("county"))
        .otherwise(rest)
        .alias("level")
    )


def level_from_agg(column: str = "agg_level") -> pl.Expr:
    code = pl.col(column).str.strip_chars().str.to_uppercase()
    return code.replace_strict(AGG_LEVELS, default=None, return_dtype=pl.String).alias("level")


def level_from_type_id(column: str = "type_id") -> pl.Expr:
    code = pl.col(column).str.strip_chars().str.strip_chars_start("0")
    return code.replace_strict(ENTITY_TYPES, default=None, return_dtype=pl.String).alias("level")
