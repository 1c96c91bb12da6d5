"""Public dashboards: figures with sources and definitions, comparisons, CSV, search, language."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation

from alianza.evidence.services.datasets import dataset_import

from .conftest import real_file


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_county_page_shows_figures_with_definition_source_and_year(client, imported):
    page = client.get("/en/data/county/19/").content.decode()
    assert "Los Angeles, 2023-24" in page
    assert "Long-term English learners" in page and ">30<" in page
    assert "LTELDOWNLOAD2324.txt" in page  # the source file
    assert "Education Code 313.1" in page  # the definition
    assert "<svg" in page and "The same figures as a table" in page


@pytest.mark.django_db
def test_a_district_is_compared_with_its_county_and_the_state(client, imported):
    response = client.get("/en/data/district/19647330000000/comparison.csv")
    rows = _csv(response)
    assert rows[0][:3] == ["Name", "Level", "English learners"]
    names = [row[0] for row in rows[1:4]]
    assert names == ["Los Angeles Unified", "Los Angeles", "California"]
    assert rows[1][2] == "110" and rows[2][2] == "150" and rows[3][2] == "400"
    assert rows[1][3] == "27.5"  # 110 of 400 enrolled


@pytest.mark.django_db
def test_a_suppressed_figure_shows_as_a_star_in_pages_and_csv(client, imported):
    page = client.get("/en/data/school/19647336017388/").content.decode()
    assert "<abbr" in page and ">*</abbr>" in page
    rows = _csv(client.get("/en/data/school/19647336017388/languages.csv"))
    korean = next(row for row in rows if row[:2] == ["Korean", "kor"])
    assert korean[2] == "*"


@pytest.mark.django_db
def test_every_table_downloads_as_csv_with_its_source(client, imported):
    page = client.get("/en/data/state/").content.decode()
    for slug in ("figures", "trend", "grades", "children"):
        assert f"/en/data/state/{slug}.csv" in page
        rows = _csv(client.get(f"/en/data/state/{slug}.csv?year=2023-24"))
        assert any("LTELDOWNLOAD2324.txt" in row for row in rows), slug
    assert client.get("/en/data/state/nothing.csv").status_code == 404


@pytest.mark.django_db
def test_top_languages_are_listed_with_their_share(client, imported):
    rows = _csv(client.get("/en/data/county/19/languages.csv"))
    assert rows[1][:3] == ["Spanish", "spa", "307"]


@pytest.mark.django_db
def test_trends_cover_every_imported_year(client, imported, tmp_path):
    from .conftest import ltel_file

    older = ltel_file(tmp_path, name="LTELDOWNLOAD2223.txt", year="2022-23", state_el=380)
    dataset_import(path=older, source_name=older.name)
    rows = _csv(client.get("/en/data/state/trend.csv"))
    assert [row[:2] for row in rows[1:3]] == [["2022-23", "380"], ["2023-24", "400"]]


@pytest.mark.django_db
def test_search_finds_places_by_name_without_accents(client, imported):
    page = client.get("/en/data/search/", {"q": "montanez"}).content.decode()
    assert "Escuela Montañez" in page and "/en/data/school/19647336017388/" in page
    fragment = client.get("/en/data/search/", {"q": "los angeles"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert "Los Angeles Unified" in fragment.content.decode()


@pytest.mark.django_db
def test_unknown_places_and_levels_are_not_found(client, imported):
    assert client.get("/en/data/district/99999999999999/").status_code == 404
    assert client.get("/en/data/planet/19/trend.csv").status_code == 404


@pytest.mark.django_db
def test_the_pages_are_in_spanish_for_spanish_readers(client, imported):
    with translation.override("es"):
        response = client.get("/es/data/county/19/")
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


@pytest.mark.django_db
def test_los_angeles_and_statewide_el_figures_are_two_clicks_from_home(client):
    path = real_file("cupc2425-k12.xlsx")
    dataset_import(path=path, source_name=path.name)
    home = client.get("/en/").content.decode()
    assert 'href="/en/data/"' in home  # the navigation link
    assert "/en/data/county/19/?year=2024-25" in home and "/en/data/state/?year=2024-25" in home
    data = client.get("/en/data/").content.decode()
    assert 'href="/en/data/county/19/?year=2024-25"' in data
    county = client.get("/en/data/county/19/?year=2024-25").content.decode()
    assert "210,073" in county and "cupc2425-k12.xlsx" in county
    state = client.get("/en/data/state/?year=2024-25").content.decode()
    assert "1,025,464" in state


def test_shares_are_rounded_the_same_on_pages_and_in_csv():
    from alianza.evidence.tables import Value, share

    value = share(Value(number=1_025_464), Value(number=5_797_681))
    assert value.display() == "17.7 %" and value.csv() == "17.7"
    assert share(Value(suppressed=True), Value(number=5)).display() == "*"
