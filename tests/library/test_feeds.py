"""Atom feeds: everything, per topic and per language, valid enough for any reader."""

from __future__ import annotations

import datetime

import pytest
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import translation

from tests.library.factories import make_resource, make_topic

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, name: str = "library-feed", lang: str = "en", **kwargs):
    with translation.override(lang):
        url = reverse(name, kwargs=kwargs or None)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def entries(root) -> list[dict[str, str]]:
    return [{
        "title": entry.findtext(f"{ATOM}title"),
        "summary": entry.findtext(f"{ATOM}summary") or "",
        "id": entry.findtext(f"{ATOM}id"),
        "updated": entry.findtext(f"{ATOM}updated"),
        "link": entry.find(f"{ATOM}link").get("href"),
    } for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def library():
    funding = make_topic("funding", "Funding", "Financiamiento")
    make_resource(en="Funding brief", es="Resumen de financiamiento", slug="funding-brief",
                  summary_en="Where the money goes.", summary_es="A dónde va el dinero.",
                  topics=(funding,), published_on=datetime.date(2024, 6, 17))
    make_resource(en="LTEL report", slug="ltel-report", published_on=datetime.date(2024, 5, 1))
    make_resource(en=None, es="Guía para familias", slug="guia-familias",
                  published_on=datetime.date(2024, 4, 1))
    make_resource(en="Draft", slug="draft", published=False)


def test_the_english_feed_lists_published_resources_with_english_texts(client, library):
    root = feed(client)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    found = entries(root)
    assert [e["title"] for e in found] == ["Funding brief", "LTEL report"]
    first = found[0]
    assert first["summary"] == "Where the money goes."
    assert first["link"].endswith("/en/library/r/funding-brief/")
    assert first["id"] and first["updated"].startswith("20")
    assert len({e["id"] for e in found}) == len(found)


def test_the_spanish_feed_uses_spanish_texts_only(client, library):
    found = entries(feed(client, lang="es"))
    assert [e["title"] for e in found] == ["Resumen de financiamiento", "Guía para familias"]
    assert found[0]["summary"] == "A dónde va el dinero."
    assert found[0]["link"].endswith("/es/library/r/funding-brief/")
    english_ids = {e["id"] for e in entries(feed(client))}
    assert not english_ids & {e["id"] for e in found}


def test_a_topic_feed_lists_that_topic_only(client, library):
    root = feed(client, "library-topic-feed", slug="funding")
    assert [e["title"] for e in entries(root)] == ["Funding brief"]
    assert "Funding" in root.findtext(f"{ATOM}title")
    assert [e["title"] for e in entries(feed(client, lang="es", name="library-topic-feed",
                                             slug="funding"))] == ["Resumen de financiamiento"]


def test_the_main_feed_takes_a_topic_parameter_too(client, library):
    response = client.get(reverse("library-feed"), {"topic": "funding"})
    titles = [e["title"] for e in entries(ElementTree.fromstring(response.content))]
    assert titles == ["Funding brief"]


def test_an_unknown_topic_is_not_found(client, library):
    assert client.get(reverse("library-topic-feed", kwargs={"slug": "nope"})).status_code == 404
    assert client.get(reverse("library-feed"), {"topic": "nope"}).status_code == 404


def test_the_press_room_and_index_declare_the_feed(client, library):
    for name in ("library-press", "library-index"):
        page = client.get(reverse(name)).content.decode()
        link = f'<link rel="alternate" type="application/atom+xml" href="{reverse("library-feed")}"'
        assert link in page, name
