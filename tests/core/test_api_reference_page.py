"""The API reference page finds its way around: contents by resource, and the entry point's
``curies`` (``docs/people``) land on that resource's operations."""

from __future__ import annotations

import pytest
from django.utils import translation

from alianza.core.osdi.tokens import FAMILIES

pytestmark = pytest.mark.django_db


def test_each_resource_link_of_the_entry_point_lands_on_its_operations(client):
    page = client.get("/api/osdi/v1/docs/").content.decode()
    for family in FAMILIES:
        response = client.get(f"/api/osdi/v1/docs/{family}")
        anchor = response["Location"].split("#", 1)[1]
        assert f'<h3 id="{anchor}" class="api-group">' in page, family
        assert f'href="#{anchor}"' in page  # listed in the contents too


def test_the_contents_are_in_the_readers_language_and_say_what_stays_in_english(client):
    spanish = client.get("/api/osdi/v1/docs/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    with translation.override("es"):
        assert translation.pgettext("API reference", "Contents") in spanish
        assert str(FAMILIES["advocacy_campaigns"]) in spanish
        assert "se mantienen en inglés" in spanish
    english = client.get("/api/osdi/v1/docs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Advocacy campaigns" in english and "stay in English" not in english


def test_operations_errors_and_schemas_are_described_in_the_readers_language(client):
    spanish = client.get("/api/osdi/v1/docs/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get("/api/osdi/v1/docs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for english_text, spanish_text in (
            ("Person signup helper: create or update a person, tag them",  # a summary
             "Ayudante de alta de personas"),
            ("Confirmed signatures only", "Solo las firmas confirmadas"),  # a description
            ("The token lacks the scope this operation needs.",  # an error response
             "La clave no tiene el alcance"),
            ("Action Network&#x27;s record signature helper body.",  # a schema
             "Cuerpo del ayudante de registro de firmas"),
            ("Page number, from 1", "Número de página, desde 1"),  # a parameter
            ("array of", "arreglo de")):  # a type
        assert english_text in english
        assert english_text not in spanish and spanish_text in spanish, english_text


def test_the_openapi_description_stays_in_english_whatever_the_readers_language(client):
    answer = client.get("/api/osdi/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="es").json()
    people = answer["paths"]["/api/osdi/v1/people/"]
    assert people["post"]["summary"].startswith("Person signup helper")
    assert "The collection of people in the system" in people["get"]["tags"]


def test_routers_sharing_a_path_are_described_in_the_order_the_apps_register_them(
        monkeypatch):
    # The OpenAPI description lists paths in this order; it must not depend on where the
    # routers happen to sit in memory, which changes from one start to the next.
    from ninja import Router

    from alianza.core.osdi import api

    monkeypatch.setattr(api, "_resources", list(api._resources))
    one, other = Router(), Router()
    first, second = (one, other) if id(one) > id(other) else (other, one)
    api.osdi_router_register(prefix="people", family="people", router=first)
    api.osdi_router_register(prefix="people", family="people", router=second)
    order = [r.router for r in api.osdi_resources() if r.router in (first, second)]
    assert order == [first, second]
