"""Figures the agenda cites come from the newest imported data, with their year and source;
a suppressed or missing figure is said to be so, never replaced by an older number."""

from __future__ import annotations

import pytest

from alianza.evidence.models import Dataset

from .c_agenda import (
    LA_COUNTY,
    LAUSD,
    STATE,
    add_item,
    import_file,
    ltel_rows_file,
    make_agenda,
    published,
)

pytestmark = pytest.mark.django_db


def cited_agenda(*citations: tuple[str, str, str]):
    agenda = make_agenda()
    add_item(agenda, title="Reach long-term English learners", es="Apoyar a los estudiantes",
             citations=[{"level": level, "cds_code": code, "metric": metric}
                        for level, code, metric in citations])
    return published(agenda)


def test_a_citation_shows_the_figure_with_its_place_year_and_source(client, tmp_path):
    import_file(ltel_rows_file(tmp_path, year="2023-24", state_el=1148763, county_ltel=30))
    cited_agenda(("state", STATE, "el_count"), ("county", LA_COUNTY, "ltel_count"))

    page = client.get("/en/policy/").content.decode()
    assert "1,148,763 English learners in California, 2023-24" in page
    assert "30 long-term English learners in Los Angeles County, 2023-24" in page
    assert ("Source: California Department of Education, Long-term English learners and "
            "at-risk students (LTELDOWNLOAD2324.txt)") in page
    assert 'href="/en/data/county/19/"' in page

    spanish = client.get("/es/policy/").content.decode()
    assert "1\xa0148\xa0763 estudiantes de inglés en California, 2023-24" in spanish
    assert "30 estudiantes de inglés a largo plazo en el condado de Los Angeles" in spanish
    assert "Fuente: Departamento de Educación de California" in spanish


def test_a_newer_school_year_replaces_the_figure_shown(client, tmp_path):
    import_file(ltel_rows_file(tmp_path / "a", year="2023-24", state_el=400, county_ltel=30))
    cited_agenda(("state", STATE, "el_count"), ("county", LA_COUNTY, "ltel_count"))
    assert "400 English learners in California, 2023-24" in client.get(
        "/en/policy/").content.decode()

    import_file(ltel_rows_file(tmp_path / "b", year="2024-25", state_el=444, county_ltel=45))

    page = client.get("/en/policy/").content.decode()
    assert "444 English learners in California, 2024-25" in page
    assert "45 long-term English learners in Los Angeles County, 2024-25" in page
    assert "400 English learners" not in page and "2023-24 (" not in page


def test_a_corrected_file_for_the_same_year_replaces_the_figure_shown(client, tmp_path):
    import_file(ltel_rows_file(tmp_path / "a", year="2023-24", state_el=400))
    cited_agenda(("state", STATE, "el_count"))

    newer = import_file(ltel_rows_file(tmp_path / "b", year="2023-24", state_el=431,
                                       name="LTELDOWNLOAD2324-corrected.txt"))

    assert Dataset.objects.filter(is_current=True).get() == newer
    page = client.get("/en/policy/").content.decode()
    assert "431 English learners in California, 2023-24" in page
    assert "LTELDOWNLOAD2324-corrected.txt" in page and "400 English learners" not in page


def test_a_suppressed_figure_is_said_to_be_suppressed_and_no_older_number_is_shown(
        client, tmp_path):
    import_file(ltel_rows_file(tmp_path / "a", year="2023-24", district_ltel=25))
    cited_agenda(("district", LAUSD, "ltel_count"))
    assert "25 long-term English learners in Los Angeles Unified, 2023-24" in client.get(
        "/en/policy/").content.decode()

    import_file(ltel_rows_file(tmp_path / "b", year="2024-25", district_ltel="*"))

    page = client.get("/en/policy/").content.decode()
    assert ("Long-term English learners, Los Angeles Unified, 2024-25: this figure is "
            "suppressed in the source to protect students&#x27; privacy.") in page
    assert "25 long-term" not in page
    spanish = client.get("/es/policy/").content.decode()
    assert "la fuente oculta esta cifra para proteger la privacidad" in spanish


def test_a_place_missing_from_the_newest_files_is_said_to_be_missing(client, tmp_path):
    import_file(ltel_rows_file(tmp_path / "a", year="2023-24", district_ltel=25))
    cited_agenda(("district", LAUSD, "ltel_count"))

    import_file(ltel_rows_file(tmp_path / "b", year="2024-25", district_ltel=None))

    page = client.get("/en/policy/").content.decode()
    assert ("Long-term English learners, Los Angeles Unified: the newest files (2024-25) "
            "have no figure for this place.") in page
    assert "25 long-term" not in page


def test_a_citation_before_any_data_is_imported_says_there_is_no_figure_yet(client):
    cited_agenda(("county", LA_COUNTY, "el_count"))

    page = client.get("/en/policy/").content.decode()
    assert "English learners, County 19: no figure has been imported yet." in page
