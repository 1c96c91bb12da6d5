"""The real LTEL download layout and the real 2018-19 reclassification file."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.conf import settings

from alianza.evidence.cde import load, school_year_from_name
from alianza.evidence.cde.detect import detect_kind
from alianza.evidence.services.figures import figure_frame

# The header of the real files for 2016-17 to 2023-24 (../shared/domain/cde-data.md).
REAL_LTEL_HEADER = [
    "AcademicYear", "CountyCode", "DistrictCode", "SchoolCode", "CountyName", "DistrictName",
    "SchoolName", "Charter", "AggLevel", "Grade", "Gender", "EO", "IFEP", "EL", "RFEP", "TBD",
    "TotalEnrollment", "AR", "LTEL", "EL4+", "EL03Y", "EL45Y", "EL6+Y", "Total-EE",
]


def cde_file(name: str) -> Path:
    base = Path(settings.BASE_DIR)
    for folder in (base.parent / "shared", base.parent.parent / "shared"):
        if (folder / "data" / "cde" / name).is_file():
            return folder / "data" / "cde" / name
    pytest.skip(f"{name} is not there: the real CDE files live in ../shared/data/cde")


def real_layout_ltel(folder: Path) -> Path:
    """State, county (AggLevel C), district and school rows, each as F, M and ALL."""
    rows = []
    places = [("T", "00", "00000", "0000000", "", "", ""),
              ("C", "19", "00000", "0000000", "Los Angeles", "", ""),
              ("D", "19", "64733", "0000000", "Los Angeles", "Los Angeles Unified", ""),
              ("S", "19", "64733", "6017388", "Los Angeles", "Los Angeles Unified", "Escuela")]
    for agg, county, district, school, cname, dname, sname in places:
        for grade in ("ALL", "09"):
            for gender, times in (("F", 1), ("M", 1), ("ALL", 2)):
                el = 50 * times if grade == "ALL" else 5 * times
                rows.append(["2022-23", county, district, school, cname, dname, sname, "N",
                             agg, grade, gender, "100", "10", str(el), "20", "0",
                             str(300 * times), str(3 * times), str(7 * times), "5", "6", "7",
                             "8", str(el + 20)])
    path = folder / "LTELDOWNLOAD2223.txt"
    lines = ["\t".join(REAL_LTEL_HEADER)] + ["\t".join(r) for r in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    return path


def test_the_real_ltel_header_is_recognised_with_its_short_column_names(tmp_path):
    path = real_layout_ltel(tmp_path)
    assert detect_kind(path) == "ltel"
    table = load(path)
    assert table.school_year == "2022-23"
    # Columns the spec does not name are kept as counts, not dropped.
    assert {"at_risk", "ltel", "total_ever_el", "el4", "el03y", "el45y", "el6_y"} <= set(
        table.frame.columns)
    assert table.frame["grade"].dtype == pl.String
    assert set(table.frame["grade"]) == {"ALL", "09"}


def test_gender_rows_f_m_and_all_are_never_summed(tmp_path):
    figures = figure_frame(load(real_layout_ltel(tmp_path)))
    totals = figures.filter((pl.col("dimension") == "") & (pl.col("metric") == "el_count"))
    by_level = dict(zip(totals["level"], totals["value"], strict=True))
    assert by_level == {"state": 100, "county": 100, "district": 100, "school": 100}
    # The county row is the file's own (AggLevel C), not a sum of its districts.
    assert not totals.filter(pl.col("level") == "county")["derived"].any()
    ninth = figures.filter((pl.col("dimension") == "grade") & (pl.col("level") == "state")
                           & (pl.col("metric") == "el_count"))
    assert ninth["dimension_value"].to_list() == ["09"] and ninth["value"].to_list() == [10]


def test_the_real_reclassification_file_is_read_with_its_year_from_the_name():
    path = cde_file("filesreclass19.txt")
    assert school_year_from_name(path.name) == "2018-19"
    assert detect_kind(path) == "reclassification"
    table = load(path)
    assert table.school_year == "2018-19"
    assert table.delimiter == "\t"
    assert table.frame.height == 10_204
    assert table.frame["el"].sum() == 1_195_988
    assert table.frame["reclassified"].sum() == 175_510
    assert table.frame["cds_code"].str.len_chars().min() == 14


def test_the_reclassification_file_gives_state_county_and_district_totals():
    figures = figure_frame(load(cde_file("filesreclass19.txt")))
    state = figures.filter((pl.col("level") == "state") & (pl.col("dimension") == ""))
    values = dict(zip(state["metric"], state["value"], strict=True))
    assert values["reclass_el_count"] == 1_195_988
    assert values["reclassified_count"] == 175_510
    lausd = figures.filter((pl.col("cds_code") == "19647330000000")
                           & (pl.col("level") == "district")
                           & (pl.col("metric") == "reclassified_count"))
    assert lausd.height == 1 and lausd["value"][0] > 0
