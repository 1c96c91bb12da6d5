"""The library's public pages, in English and Spanish, through the test client."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from tests.library.factories import make_collection, make_resource, make_topic

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def test_the_index_lists_published_resources_with_filters_and_counts(client) -> None:
    topic = make_topic("funding", "Funding", "Financiamiento")
    make_resource(en="School funding explained", es="El financiamiento escolar", topics=(topic,))
    make_resource(en="Hidden draft", published=False)
    page = client.get(url("library-index")).content.decode()
    assert "School funding explained" in page
    assert "Hidden draft" not in page
    assert "Funding <span class=\"library-count\">(1)</span>" in page
    assert "E.g., 06/17/2024" in page


def test_the_spanish_index_shows_spanish_titles_and_labels(client) -> None:
    topic = make_topic("funding", "Funding", "Financiamiento")
    make_resource(en="School funding explained", es="El financiamiento escolar", topics=(topic,))
    page = client.get(url("library-index", "es")).content.decode()
    assert "El financiamiento escolar" in page
    assert "School funding explained" not in page
    assert "Financiamiento" in page
    assert "Ej.: 17/06/2024" in page


def test_a_spanish_reader_is_told_a_resource_is_in_english_only(client) -> None:
    resource = make_resource(en="Long-term English learners")
    index = client.get(url("library-index", "es")).content.decode()
    assert "Disponible solo en inglés" in index
    assert '<a href="/es/library/r/' in index and 'lang="en">Long-term English learners' in index
    page = client.get(url("library-resource", "es", slug=resource.slug)).content.decode()
    assert "Disponible solo en inglés" in page
    assert '<h1 lang="en">Long-term English learners</h1>' in page
    assert "También disponible" not in page  # the English text is the one shown already


def test_a_search_finds_words_and_shares_its_url(client) -> None:
    make_resource(en="Family engagement toolkit", kind="toolkit")
    make_resource(en="Budget brief", kind="brief")
    response = client.get(url("library-index"), {"q": "families", "kind": "toolkit"})
    page = response.content.decode()
    assert "Family engagement toolkit" in page and "Budget brief" not in page
    assert 'value="families"' in page
    assert re.search(r'name="kind" value="toolkit" checked', page)


def test_a_malformed_date_gets_a_clear_message_not_an_error(client) -> None:
    make_resource(en="Funding brief")
    response = client.get(url("library-index"), {"date_from": "17/13/2024"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a date like 06/17/2024." in page
    assert "Funding brief" in page  # the bad date is left out, the rest still applies
    response = client.get(url("library-index", "es"), {"date_to": "ayer"})
    assert "Escriba una fecha como 17/06/2024." in response.content.decode()


def test_dates_in_the_readers_format_filter_the_results(client) -> None:
    make_resource(en="Old brief", published_on=datetime.date(2020, 1, 5))
    make_resource(en="New brief", published_on=datetime.date(2024, 7, 1))
    page = client.get(url("library-index"), {"date_from": "06/17/2024"}).content.decode()
    assert "New brief" in page and "Old brief" not in page
    page = client.get(url("library-index", "es"), {"date_to": "17/06/2024"}).content.decode()
    assert "Old brief" in page and "New brief" not in page


def test_no_results_suggest_removing_filters(client) -> None:
    make_resource(en="Funding brief", kind="brief")
    page = client.get(url("library-index"), {"q": "funding", "kind": "toolkit"}).content.decode()
    assert "Nothing in the library matches." in page
    assert "Try removing some filters" in page
    assert 'href="/en/library/?q=funding"' in page


def test_a_resource_page_links_the_other_version_and_says_which_exist(client) -> None:
    resource = make_resource(en="Biliteracy seal guide", es="Guía del sello de lectoescritura",
                             summary_en="How districts award it.", authors="Ana Ruiz, Lee Park")
    page = client.get(url("library-resource", slug=resource.slug)).content.decode()
    assert "<h1>Biliteracy seal guide</h1>" in page
    assert f'href="/es/library/r/{resource.slug}/" hreflang="es" lang="es">Leer en español' in page
    alternate = f'href="http://127.0.0.1:8000/es/library/r/{resource.slug}/">'
    assert f'<link rel="alternate" hreflang="es" {alternate}' in page
    assert '<link rel="alternate" type="application/atom+xml" href="/en/library/feed.atom">' in page
    es_page = client.get(url("library-resource", "es", slug=resource.slug)).content.decode()
    assert "<h1>Guía del sello de lectoescritura</h1>" in es_page


def test_a_resource_page_carries_open_graph_tags_and_valid_json_ld(client) -> None:
    report = make_resource(en="State of </script> bilingual education", kind="report",
                           summary_en="Findings & figures", authors="Ana Ruiz")
    recording = make_resource(en="Webinar recording", kind="recording")
    toolkit = make_resource(en="Toolkit", kind="toolkit")
    for resource, schema_type in ((report, "Report"), (recording, "VideoObject"),
                                  (toolkit, "CreativeWork")):
        page = client.get(url("library-resource", slug=resource.slug)).content.decode()
        assert '<meta property="og:title"' in page
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        data = json.loads(found[1])
        assert data["@type"] == schema_type
        assert data["@context"] == "https://schema.org"
    page = client.get(url("library-resource", slug=report.slug)).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S)[1])
    assert data["name"] == "State of </script> bilingual education"
    assert data["author"] == [{"@type": "Person", "name": "Ana Ruiz"}]


def test_an_unpublished_resource_is_not_found(client) -> None:
    resource = make_resource(en="Draft", published=False)
    assert client.get(url("library-resource", slug=resource.slug)).status_code == 404


def test_collections_list_and_show_their_resources_in_order(client) -> None:
    first, second = make_resource(en="First"), make_resource(en="Second")
    hidden = make_resource(en="Hidden", published=False)
    collection = make_collection(second, first, hidden, title="Starter kit",
                                 title_es="Para empezar")
    make_collection(first, title="Unpublished set", published=False)
    listing = client.get(url("library-collections")).content.decode()
    assert "Starter kit" in listing and "Unpublished set" not in listing
    page = client.get(url("library-collection", slug=collection.slug)).content.decode()
    assert page.index("Second") < page.index("First")
    assert "Hidden" not in page
    es_page = client.get(url("library-collection", "es", slug=collection.slug))
    assert "Para empezar" in es_page.content.decode()


def test_the_home_page_shows_the_latest_resources_in_the_readers_language(client) -> None:
    make_resource(en="Newest in English", es="Lo más nuevo", published_on=datetime.date(2025, 1, 1))
    make_resource(en="Draft", published=False)
    assert "From the library" in client.get(url("core-home")).content.decode()
    page = client.get(url("core-home", "es")).content.decode()
    assert "De la biblioteca" in page and "Lo más nuevo" in page and "Draft" not in page


def test_the_sitemap_lists_resources_with_hreflang_alternates(client) -> None:
    resource = make_resource(en="Mapped", es="Mapeado")
    make_resource(en="Draft", published=False, slug="draft-one")
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/en/library/r/{resource.slug}/" in xml
    assert f'hreflang="es" href="http://testserver/es/library/r/{resource.slug}/"' in xml
    assert "draft-one" not in xml


def test_a_cached_page_is_never_stale_after_an_edit(client) -> None:
    resource = make_resource(en="Original title")
    page_url = url("library-resource", slug=resource.slug)
    assert "Original title" in client.get(page_url).content.decode()
    assert "Original title" in client.get(url("library-index")).content.decode()
    text = resource.texts.get()
    text.title = "Edited title"
    text.save()
    assert "Edited title" in client.get(page_url).content.decode()
    assert "Edited title" in client.get(url("library-index")).content.decode()
    resource.is_published = False
    resource.save()
    assert client.get(page_url).status_code == 404
    assert "Edited title" not in client.get(url("library-index")).content.decode()


def test_a_page_rendered_for_staff_is_never_served_to_anonymous_readers(client, django_user_model):
    make_resource(en="Public resource")
    staff = django_user_model.objects.create_user("lib-staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_resource"))
    client.force_login(staff)
    staff_page = client.get(url("library-index")).content.decode()
    assert "Log out" in staff_page
    client.logout()
    anonymous = client.get(url("library-index")).content.decode()
    assert "Log out" not in anonymous
    assert "Staff and workgroup leads: log in" in anonymous


def test_a_cached_page_gives_each_reader_their_own_csrf_token(client) -> None:
    from django.test import Client

    make_resource(en="Shared page")
    first = client.get(url("library-index"))
    second_client = Client()
    second = second_client.get(url("library-index"))
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first.content.decode())[1] != token.search(second.content.decode())[1]
    # The second reader can use the language switcher on the page served from the cache.
    switch = second_client.post(reverse("set_language"), {
        "language": "es", "next": "/en/library/",
        "csrfmiddlewaretoken": token.search(second.content.decode())[1]})
    assert switch.status_code == 302
