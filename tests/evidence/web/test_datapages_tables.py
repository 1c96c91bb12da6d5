"""Data pages parents can read: long lists paged, no columns of dashes, years and sources said."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from alianza.evidence.services.datasets import dataset_import

from .conftest import LTEL_HEADER

DISTRICT = "19647330000000"
SCHOOLS = 60


def many_schools_file(folder: Path, *, year: str = "2023-24",
                      name: str = "LTELDOWNLOAD2324.txt") -> Path:
    """An LTEL download for Los Angeles Unified with 60 schools (and F/M rows not to sum)."""
    rows = [(year, "00", "00000", "0000000", "", "", "", "", "T", "All", "ALL",
             900, 120, 4000, 260, 0, 16800, 45, 700, 660),
            (year, "19", "00000", "0000000", "Los Angeles", "", "", "", "C", "All", "ALL",
             300, 40, 1500, 90, 0, 5800, 15, 300, 240),
            (year, "19", "64733", "0000000", "Los Angeles", "Los Angeles Unified", "", "N", "D",
             "All", "ALL", 200, 30, 1100, 60, 0, 4000, 10, 250, 170)]
    for n in range(SCHOOLS):
        school = f"{6000000 + n:07d}"
        for gender, share in (("F", 1), ("M", 1), ("ALL", 2)):
            rows.append((year, "19", "64733", school, "Los Angeles", "Los Angeles Unified",
                         f"School {n:02d} Elementary", "N", "S", "All", gender,
                         10, 2, share * (n + 1), 3, 0, share * 100, 1, share, 10))
    path = folder / name
    lines = [LTEL_HEADER] + ["\t".join(str(v) for v in row) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    return path


@pytest.fixture
def district(db, tmp_path):
    path = many_schools_file(tmp_path)
    return dataset_import(path=path, source_name=path.name).dataset


def _page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_district_with_many_schools_shows_one_page_and_says_how_many(client, district):
    text = _page(client, f"/en/data/district/{DISTRICT}/")
    assert "Showing 1–25 of 60." in text
    assert "Page 1 of 3" in text
    # Most English learners first: school 59 has 120, school 34 starts the second page.
    assert "School 59 Elementary" in text and "School 34 Elementary" not in text.split(
        'id="children-caption"')[1]


def test_the_next_page_filter_and_name_order_are_served_by_the_server(client, district):
    second = _page(client, f"/en/data/district/{DISTRICT}/", page="2")
    assert "Showing 26–50 of 60." in second and 'rel="prev"' in second
    table = _page(client, f"/en/data/district/{DISTRICT}/", sort="name", page="3").split(
        'id="children-caption"')[1]
    assert "School 50 Elementary" in table and "School 49 Elementary" not in table
    found = _page(client, f"/en/data/district/{DISTRICT}/", q="school 07")
    assert "Showing 1–1 of 1." in found and "School 07 Elementary" in found
    nothing = _page(client, f"/en/data/district/{DISTRICT}/", q="Zzyzx")
    assert "None of these names match “Zzyzx”." in nothing


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page_not_an_error(client,
                                                                              district):
    assert "Page 3 of 3" in _page(client, f"/en/data/district/{DISTRICT}/", page="99")
    assert "Page 1 of 3" in _page(client, f"/en/data/district/{DISTRICT}/", page="x'")


def test_the_csv_download_keeps_every_school(client, district):
    response = client.get(f"/en/data/district/{DISTRICT}/children.csv")
    rows = [r for r in csv.reader(io.StringIO(response.content.decode()))
            if r and r[0].startswith("School ")]
    assert len(rows) == SCHOOLS


def test_gender_rows_are_not_summed_into_the_schools_figures(client, district):
    table = _page(client, f"/en/data/district/{DISTRICT}/", q="school 59").split(
        'id="children-caption"')[1]
    assert ">120<" in table  # the ALL row; F + M + ALL would have made 240


def test_tables_keep_their_first_column_in_view_when_they_scroll(client, district):
    text = _page(client, f"/en/data/district/{DISTRICT}/")
    assert text.count('class="table-scroll sticky-first"') >= 3
    css = (Path(settings.BASE_DIR) / "alianza/evidence/static/evidence/evidence.css").read_text()
    rule = css.split(".sticky-first tbody th[scope=\"row\"]", 1)[1].split("}", 1)[0]
    assert "position: sticky" in rule and "left: 0" in rule


def test_columns_no_file_fills_are_left_out_and_the_missing_file_is_named(client, district):
    text = _page(client, f"/en/data/district/{DISTRICT}/")
    table = text.split('id="children-caption"')[1].split("</table>")[0]
    assert "Students reclassified during the year" not in table
    assert "Not in the files imported for 2023-24" in text
    assert "filesreclassYY.txt" in text
    assert "Upload a data file" not in text


def test_staff_who_import_data_get_a_link_to_upload_the_missing_file(client, district,
                                                                     django_user_model):
    user = django_user_model.objects.create_user("analyst", "a@example.org", "x",
                                                 is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_dataset"))
    client.force_login(user)
    text = _page(client, f"/en/data/district/{DISTRICT}/")
    assert 'href="/en/data/staff/datasets/"' in text and "Upload a data file" in text


def test_an_unknown_year_is_said_and_not_silently_swapped(client, district):
    for year in ("2031-32", "banana"):
        response = client.get(f"/en/data/district/{DISTRICT}/", {"year": year})
        text = response.content.decode()
        assert response.status_code == 404
        assert f"There are no figures for “{year}” here." in text
        assert "Showing 2023-24, the latest school year imported for this place." in text
    assert client.get(f"/en/data/district/{DISTRICT}/children.csv",
                      {"year": "2031-32"}).status_code == 404


def test_the_page_says_how_many_years_are_imported(client, district, tmp_path):
    assert "1 school year imported for this place." in _page(client,
                                                             f"/en/data/district/{DISTRICT}/")
    older = many_schools_file(tmp_path, year="2022-23", name="LTELDOWNLOAD2223.txt")
    dataset_import(path=older, source_name=older.name)
    text = _page(client, f"/en/data/district/{DISTRICT}/")
    assert "2 school years imported for this place." in text
    assert 'href="?year=2022-23"' in text


def test_cards_name_the_source_as_people_know_it_with_the_file_in_the_details(client,
                                                                             district):
    text = _page(client, f"/en/data/district/{DISTRICT}/")
    cards = text.split('class="figure-cards"')[1].split("</ul>")[0]
    assert ("California Department of Education, Long-Term English Learners and At-Risk "
            "Students 2023-24") in cards
    assert "File: LTELDOWNLOAD2324.txt (school year 2023-24)" in cards
    spanish = _page(client, f"/es/data/district/{DISTRICT}/")
    assert "Departamento de Educación de California" in spanish


def test_the_home_page_figure_carries_its_year_and_source(client, district):
    text = _page(client, "/en/")
    section = text.split('id="evidence-home-heading"')[1].split("</section>")[0]
    assert "2023-24" in section
    assert "California Department of Education" in section


def test_reclassification_from_the_real_2018_19_file_shows_on_the_data_pages(client, db):
    from .test_datapages_search import cde_file

    path = cde_file("filesreclass19.txt")
    dataset_import(path=path, source_name=path.name)
    text = _page(client, "/en/data/county/19/", year="2018-19")
    cards = text.split('class="figure-cards"')[1].split("</ul>")[0]
    assert "Students reclassified during the year" in cards
    assert "Reclassification rate" in cards
    assert ("California Department of Education, Reclassified Fluent English Proficient "
            "Students 2018-19") in cards
    assert "File: filesreclass19.txt (school year 2018-19)" in cards
    # The year carries no enrollment file: the page names it instead of a row of dashes.
    assert "cupcYYYY-k12.xlsx" in text
    state = _page(client, "/en/data/state/", year="2018-19")
    assert "175,510" in state
    district = _page(client, f"/en/data/district/{DISTRICT}/", year="2018-19")
    table = district.split('id="children-caption"')[1].split("</table>")[0]
    assert "Reclassification rate" in table and "English learners</th>" not in table


def test_the_data_index_says_when_a_year_was_never_imported(client, district):
    response = client.get("/en/data/", {"year": "1999-00"})
    text = response.content.decode()
    assert response.status_code == 404
    assert "No file for “1999-00” has been imported." in text
    assert "School years imported: 2023-24." in text
    assert client.get("/en/data/", {"year": "2023-24"}).status_code == 200
