"""The entry point (AEP) has Action Network's shape; the reference and OpenAPI are served."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_entry_point_has_action_networks_shape(api_client):
    response = api_client.get("")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/hal+json; charset=utf-8"
    body = response.json()
    assert body["osdi_version"] == "1.0"
    assert body["motd"] and body["vendor_name"] and body["product_name"]
    assert body["max_pagesize"] == 100
    links = body["_links"]
    assert links["self"]["href"] == "http://testserver/api/osdi/v1/"
    assert links["curies"] == [{"name": "osdi", "templated": True,
                                "href": "http://testserver/api/osdi/v1/docs/{rel}"}]


def test_the_openapi_description_documents_the_errors(client):
    schema = client.get("/api/osdi/v1/openapi.json").json()
    entry = schema["paths"]["/api/osdi/v1/"]["get"]
    assert {"200", "400", "401", "403", "404", "413", "429"} <= set(entry["responses"])
    assert "application/hal+json" in entry["responses"]["200"]["content"]
    assert schema["components"]["securitySchemes"]["OsdiTokenAuth"]["name"] == "OSDI-API-Token"


@pytest.mark.urls("tests.osdi.urls_test_resource")
def test_collections_document_their_paging_and_filter_parameters(client):
    schema = client.get("/api/osdi/v1/openapi.json").json()
    names = {p["name"] for p in schema["paths"]["/api/osdi/v1/test_groups/"]["get"]["parameters"]}
    assert {"page", "per_page", "filter"} <= names


@pytest.mark.parametrize("language,heading", [("en", "API reference"),
                                              ("es", "Referencia de la API")])
def test_the_reference_page_is_bilingual_and_lists_operations(client, language, heading):
    response = client.get("/api/osdi/v1/docs/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    text = response.content.decode()
    assert heading in text
    assert "/api/osdi/v1/" in text and "OsdiErrorBody" in text
    assert "<script>" not in text


def test_a_curie_leads_to_the_reference(client):
    response = client.get("/api/osdi/v1/docs/people")
    assert response.status_code == 302 and response["Location"].endswith("docs/#people")
