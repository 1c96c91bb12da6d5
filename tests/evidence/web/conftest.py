"""Fixtures for the evidence web layer: a private data folder, small CDE files, real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from alianza.evidence.services.datasets import dataset_import


def shared_cde() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "cde"


def real_file(name: str) -> Path:
    path = shared_cde() / name
    if not path.is_file():
        pytest.skip(f"{path} is not there: the real CDE files live in ../shared/data/cde")
    return path


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    """Uploaded files go to a folder of this test's own, so leftovers can be seen."""
    folder = tmp_path / "data"
    folder.mkdir()
    settings.DATA_DIR = folder
    return folder


def files_left(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


LTEL_HEADER = (
    "AcademicYear\tCountyCode\tDistrictCode\tSchoolCode\tCountyName\tDistrictName\tSchoolName"
    "\tCharter\tAggLevel\tGrade\tGender\tEO\tIFEP\tEL\tRFEP\tTBD\tTotalEnrollment\tAR\tLTEL"
    "\tTotal-EE"
)


def ltel_file(folder: Path, *, name: str = "LTELDOWNLOAD2324.txt", year: str = "2023-24",
              state_el: int = 400, la_ltel: int = 30) -> Path:
    """A small LTEL download: the state, Los Angeles County, LAUSD and one school."""
    rows = [
        (year, "00", "00000", "0000000", "", "", "", "", "T", "All", "ALL",
         900, 120, state_el, 260, 0, 1680, 45, 70, 660),
        (year, "00", "00000", "0000000", "", "", "", "", "T", "07", "ALL",
         90, 12, 40, 26, 0, 168, 0, 9, 66),
        (year, "19", "00000", "0000000", "Los Angeles", "", "", "", "O", "All", "ALL",
         300, 40, 150, 90, 0, 580, 15, la_ltel, 240),
        (year, "19", "00000", "0000000", "Los Angeles", "", "", "", "O", "All", "M",
         150, 20, 75, 45, 0, 290, 7, 15, 120),
        (year, "19", "64733", "0000000", "Los Angeles", "Los Angeles Unified", "", "N", "D",
         "All", "ALL", 200, 30, 110, 60, 0, 400, 10, 25, 170),
        (year, "19", "64733", "6017388", "Los Angeles", "Los Angeles Unified",
         "Escuela Montañez", "N", "S", "All", "ALL", 12, "*", 9, "", 0, 25, "", "*", 9),
    ]
    path = folder / name
    lines = [LTEL_HEADER] + ["\t".join(str(v) for v in row) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    return path


def language_file(folder: Path) -> Path:
    path = folder / "ELbyLanguage2324.txt"
    header = "CDS_CODE^COUNTY^DISTRICT^SCHOOL^YEAR^LC^LANGUAGE^TOTAL"
    rows = [
        "19647336017388^Los Angeles^Los Angeles Unified^Escuela Montañez^2023-24^spa^Spanish^267",
        "19647336017388^Los Angeles^Los Angeles Unified^Escuela Montañez^2023-24^kor^Korean^*",
        "19647330000001^Los Angeles^Los Angeles Unified^Other School^2023-24^01^Spanish^40",
        "19647330000001^Los Angeles^Los Angeles Unified^Other School^2023-24^02^Vietnamese^12",
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "cde"
    folder.mkdir()
    return {"ltel": ltel_file(folder), "language": language_file(folder)}


@pytest.fixture
def imported(db, small_files) -> dict[str, object]:
    """The small LTEL and language files, imported."""
    return {
        kind: dataset_import(path=path, source_name=path.name).dataset
        for kind, path in small_files.items()
    }
