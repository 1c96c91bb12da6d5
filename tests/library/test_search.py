"""Full-text search over both languages, through the selector the index page uses."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from alianza.library.models import ResourceText
from alianza.library.selectors import Filters, library_search
from tests.library.factories import make_audience, make_resource, make_topic

pytestmark = pytest.mark.django_db


def titles(query: str = "", **filters) -> list[str]:
    page = library_search(filters=Filters(query=query, **filters))
    return [card.text.title for card in page.cards]


def test_a_word_typed_without_its_accent_finds_the_accented_spanish_word() -> None:
    make_resource(en=None, es="La educación bilingüe en California")
    assert titles("educacion bilingue") == ["La educación bilingüe en California"]


def test_an_accented_query_finds_the_plain_english_word() -> None:
    make_resource(en="Education for newcomers")
    assert titles("educatión") == ["Education for newcomers"]


def test_an_english_plural_finds_the_singular() -> None:
    make_resource(en="What every family should know")
    assert titles("families") == ["What every family should know"]


def test_a_spanish_plural_finds_the_singular() -> None:
    make_resource(en=None, es="Guía para la familia")
    assert titles("familias") == ["Guía para la familia"]


def test_a_spanish_word_finds_a_resource_that_has_only_a_spanish_version() -> None:
    make_resource(en=None, es="Aprendices de inglés a largo plazo")
    make_resource(en="Something else entirely")
    assert titles("aprendices") == ["Aprendices de inglés a largo plazo"]


def test_every_word_must_match_somewhere_in_one_text() -> None:
    make_resource(en="Biliteracy seal", body_en="Districts award it.")
    make_resource(en="Biliteracy pathways")
    assert titles("biliteracy districts") == ["Biliteracy seal"]


def test_unpublished_resources_never_appear() -> None:
    make_resource(en="Funding report draft", published=False)
    make_resource(en="Funding report")
    assert titles("funding") == ["Funding report"]
    assert titles() == ["Funding report"]


def test_a_title_match_ranks_above_a_body_match() -> None:
    make_resource(en="Annual summary", body_en="Notes on funding for schools.")
    make_resource(en="Funding for schools")
    assert titles("funding") == ["Funding for schools", "Annual summary"]


def test_equally_relevant_results_come_newest_first() -> None:
    make_resource(en="Funding brief", published_on=datetime.date(2023, 1, 1))
    make_resource(en="Funding brief ", published_on=datetime.date(2024, 1, 1), slug="newer")
    page = library_search(filters=Filters(query="funding"))
    assert [c.resource.slug for c in page.cards][0] == "newer"


def test_without_words_resources_come_newest_first() -> None:
    make_resource(en="Older", published_on=datetime.date(2020, 1, 1))
    make_resource(en="Newer", published_on=datetime.date(2025, 1, 1))
    assert titles() == ["Newer", "Older"]


def test_filters_narrow_by_kind_topic_audience_language_and_dates() -> None:
    funding, early = make_topic("funding"), make_topic("early-childhood")
    parents = make_audience("parents")
    make_resource(en="Funding brief", kind="brief", topics=(funding,),
                  published_on=datetime.date(2024, 3, 1))
    make_resource(en="Funding toolkit", es="Caja de herramientas", kind="toolkit",
                  topics=(funding,), audiences=(parents,), published_on=datetime.date(2024, 5, 1))
    make_resource(en="Preschool report", topics=(early,), published_on=datetime.date(2023, 5, 1))

    assert titles(kinds=["brief"]) == ["Funding brief"]
    assert titles(topics=["funding"]) == ["Funding toolkit", "Funding brief"]
    assert titles(audiences=["parents"]) == ["Funding toolkit"]
    assert titles(languages=["es"]) == ["Funding toolkit"]
    assert titles(date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 4, 1)) == [
        "Funding brief"]
    assert titles("funding", kinds=["toolkit", "brief"]) == ["Funding toolkit", "Funding brief"]


def test_counts_per_filter_value_follow_the_words_and_the_other_filters() -> None:
    funding, early = make_topic("funding"), make_topic("early-childhood")
    make_resource(en="Funding brief", kind="brief", topics=(funding,))
    make_resource(en="Funding toolkit", es="Financiamiento", kind="toolkit",
                  topics=(funding, early))
    make_resource(en="Preschool report", topics=(early,))

    page = library_search(filters=Filters(query="funding", kinds=["toolkit"]))
    kinds = {f.value: f.count for f in page.facets["kind"]}
    topics = {f.value: f.count for f in page.facets["topic"]}
    languages = {f.value: f.count for f in page.facets["language"]}
    # The kind counts ignore the kind filter itself, so other kinds stay choosable.
    assert kinds == {"brief": 1, "toolkit": 1}
    assert topics == {"funding": 1, "early-childhood": 1}
    assert languages == {"en": 1, "es": 1}
    assert page.total == 1


def test_the_index_follows_an_edit_and_a_deletion() -> None:
    resource = make_resource(en="Seal of biliteracy")
    text = resource.texts.get()
    text.title = "Dual language immersion"
    text.save()
    assert titles("biliteracy") == []
    assert titles("immersion") == ["Dual language immersion"]
    text.delete()
    make_resource(en="Another immersion guide")
    assert titles("immersion") == ["Another immersion guide"]
    resource.delete()
    assert titles("immersion") == ["Another immersion guide"]


def test_the_rebuild_command_indexes_rows_written_without_signals() -> None:
    resource = make_resource(en="Placeholder")
    ResourceText.objects.filter(resource=resource).update(title="Newcomer students")
    assert titles("newcomer") == []
    call_command("library_search_rebuild", verbosity=0)
    assert titles("newcomer") == ["Newcomer students"]
