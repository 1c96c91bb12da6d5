"""Search finds what people type, with the real names of the CAASPP entities file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from alianza.evidence.models import Dataset, Entity, Figure
from alianza.evidence.selectors.search import entity_search
from alianza.evidence.services.datasets import dataset_import


def cde_file(name: str) -> Path:
    """The real file, from ../shared beside the checkout (or beside its worktree folder)."""
    base = Path(settings.BASE_DIR)
    for folder in (base.parent / "shared", base.parent.parent / "shared"):
        if (folder / "data" / "cde" / name).is_file():
            return folder / "data" / "cde" / name
    pytest.skip(f"{name} is not there: the real CDE files live in ../shared/data/cde")


@pytest.fixture(scope="module")
def real_entities(django_db_setup, django_db_blocker):
    """Every county, district and school of the 2025 entities file, imported once."""
    path = cde_file("sb_ca2025entities_csv.txt")
    with django_db_blocker.unblock():
        dataset_import(path=path, source_name=path.name)
        yield
        Figure.objects.all().delete()
        Dataset.objects.all().delete()
        Entity.objects.all().delete()


def _top(query: str, count: int = 2) -> list[tuple[str, str]]:
    return [(e.name, e.level) for e in entity_search(query).entities[:count]]


LOS_ANGELES = [("Los Angeles", "county"), ("Los Angeles Unified", "district")]


@pytest.mark.parametrize("query", ["Los Angeles", "los angeles", "Los Ángeles", "LOS ÁNGELES",
                                   "LAUSD", "lausd", "LA Unified"])
def test_what_people_type_for_los_angeles_leads_to_the_county_and_lausd_first(
        real_entities, db, query):
    assert sorted(_top(query)) == sorted(LOS_ANGELES)


def test_an_exact_name_comes_before_names_that_merely_start_with_it(real_entities, db):
    names = [e.name for e in entity_search("Fresno").entities]
    assert names[0] == "Fresno"
    assert names.index("Fresno Unified") < names.index("Fresno High")


@pytest.mark.parametrize(("query", "expected"), [
    ("SFUSD", ("San Francisco Unified", "district")),
    ("SDUSD", ("San Diego Unified", "district")),
    ("san diego usd", ("San Diego Unified", "district")),
    ("Pasadena USD", ("Pasadena Unified", "district")),
    ("Los Angeles USD", ("Los Angeles Unified", "district")),
])
def test_common_abbreviations_are_spelled_out(real_entities, db, query, expected):
    assert expected in _top(query, 3)


def test_a_cds_code_finds_its_place(real_entities, db):
    assert _top("19647330000000", 1) == [("Los Angeles Unified", "district")]


def test_a_misspelt_name_finds_nothing_but_suggests_the_nearest_places(real_entities, db):
    found = entity_search("Sacremento")
    assert found.entities == []
    assert "Sacramento" in [e.name for e in found.suggestions]


def test_the_search_page_says_nothing_was_found_and_suggests(real_entities, db, client):
    response = client.get("/en/data/search/", {"q": "Losangeles"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nothing found for “Losangeles”" in text
    assert "Did you mean" in text and "/en/data/county/19/" in text
    assert "Browse the list of counties" in text


def test_the_search_page_lists_lausd_first_for_a_parent_typing_lausd(real_entities, db, client):
    text = client.get("/es/data/search/", {"q": "LAUSD"}).content.decode()
    county, district = text.index("/es/data/county/19/"), text.index("19647330000000")
    assert county < district < text.index("Los Angeles Leadership")
    assert "las 30 mejores coincidencias" in text.lower()


def test_an_empty_query_shows_the_form_without_a_no_results_message(db, client):
    text = client.get("/en/data/search/", {"q": "  "}).content.decode()
    assert "Nothing found" not in text
