"""Importing CDE files as dataset versions: real totals, no-ops, replacement, refusals."""

from __future__ import annotations

import openpyxl
import pytest
from django.core.management import call_command

from alianza.evidence.cde import CdeFileError
from alianza.evidence.models import Dataset, Entity, Figure
from alianza.evidence.services.datasets import dataset_import

from .conftest import ltel_file, real_file


def _upc_totals_by_openpyxl(path) -> tuple[int, int, int]:
    """Statewide EL, statewide enrollment and Los Angeles County EL, read cell by cell.

    Summed over the LEA sheet (LEAs include direct-funded charters, so schools are not added).
    """
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for row in rows:
                labels = [" ".join(str(c or "").split()) for c in row]
                if "English Learner (EL)" in labels and "County Code" in labels:
                    break
            else:
                continue
            if "School Name" in labels and "LEA" not in sheet.title:
                continue
            el, enrollment, county = (labels.index("English Learner (EL)"),
                                      labels.index("Total Enrollment"),
                                      labels.index("County Code"))
            state_el = state_enrollment = la_el = 0
            for row in rows:
                if not isinstance(row[el], int | float):
                    continue
                state_el += int(row[el])
                state_enrollment += int(row[enrollment])
                if str(row[county]).strip() in ("19", "19.0"):
                    la_el += int(row[el])
            return state_el, state_enrollment, la_el
    finally:
        workbook.close()
    raise AssertionError("no LEA sheet found")


@pytest.mark.django_db
def test_the_statewide_upc_workbook_gives_the_state_and_county_totals_summed_independently():
    path = real_file("cupc2425-k12.xlsx")
    state_el, state_enrollment, la_el = _upc_totals_by_openpyxl(path)

    dataset = dataset_import(path=path, source_name=path.name).dataset

    assert dataset.kind == "upc" and dataset.school_year == "2024-25"
    figure = Figure.objects.get(dataset=dataset, level="state", metric="el_count", dimension="")
    assert figure.value == state_el and figure.derived
    assert Figure.objects.get(dataset=dataset, level="state", metric="enrollment").value == (
        state_enrollment)
    la = Figure.objects.get(dataset=dataset, level="county", cds_code="19000000000000",
                            metric="el_count")
    assert la.value == la_el
    assert Entity.objects.get(level="county", county_code="19").name == "Los Angeles"


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(small_files):
    first = dataset_import(path=small_files["ltel"], source_name="LTELDOWNLOAD2324.txt")
    figures = Figure.objects.count()

    again = dataset_import(path=small_files["ltel"], source_name="copy.txt")

    assert first.created and not again.created
    assert again.dataset == first.dataset
    assert Dataset.objects.count() == 1 and Figure.objects.count() == figures


@pytest.mark.django_db
def test_a_newer_version_of_the_same_year_replaces_the_old_one_visibly(tmp_path, client):
    old = dataset_import(path=ltel_file(tmp_path, state_el=400), source_name="old.txt").dataset
    (tmp_path / "v2").mkdir()
    newer_path = ltel_file(tmp_path / "v2", state_el=444)

    outcome = dataset_import(path=newer_path, source_name="new.txt")

    old.refresh_from_db()
    assert outcome.replaced == old
    assert not old.is_current and old.status == "replaced" and old.replaced_by == outcome.dataset
    assert Figure.objects.filter(dataset=old).exists()  # the old version is kept
    page = client.get("/en/data/state/").content.decode()
    assert "444" in page and ">400<" not in page
    history = client.get("/en/data/sources/").content.decode()
    assert "old.txt" in history and "Replaced by a newer version" in history


@pytest.mark.django_db
def test_a_suppressed_cell_is_stored_as_suppressed_never_as_zero(imported):
    school = Figure.objects.get(dataset=imported["ltel"], cds_code="19647336017388",
                                metric="ltel_count")
    assert school.suppressed and school.value is None
    korean = Figure.objects.get(dataset=imported["language"], cds_code="19647336017388",
                                dimension="language", dimension_value="kor")
    assert korean.suppressed and korean.value is None
    # A district summed from its schools cannot be known when a school's cell was suppressed.
    district = Figure.objects.get(dataset=imported["language"], level="district",
                                  dimension="", metric="el_count")
    assert district.suppressed and district.value is None and district.derived


@pytest.mark.django_db
def test_both_language_code_schemes_end_up_as_one(imported):
    spanish = Figure.objects.get(dataset=imported["language"], level="county",
                                 dimension_value="spa")
    assert spanish.value == 267 + 40


@pytest.mark.django_db
def test_a_file_that_is_not_a_cde_file_is_refused_and_nothing_is_stored(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("name,favourite colour\nAna,blue\n")
    with pytest.raises(CdeFileError):
        dataset_import(path=path, source_name=path.name)
    assert not Dataset.objects.exists() and not Figure.objects.exists()


@pytest.mark.django_db
def test_the_import_command_reports_new_unchanged_and_refused_files(small_files, tmp_path,
                                                                     capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("a^b\n1^2\n")
    with pytest.raises(Exception, match="1 file"):
        call_command("evidence_import", str(small_files["ltel"]), str(small_files["ltel"]),
                     str(bad))
    captured = capsys.readouterr()
    assert "imported" in captured.out and "nothing changed" in captured.out
    assert "refused" in captured.err


@pytest.mark.django_db
def test_the_demo_command_imports_the_shared_files_or_says_they_are_missing(settings, tmp_path,
                                                                            capsys):
    settings.BASE_DIR = tmp_path / "elsewhere"  # no ../shared/data/cde next to it
    call_command("evidence_demo")
    assert "No CDE data files" in capsys.readouterr().out
    assert not Dataset.objects.exists()
