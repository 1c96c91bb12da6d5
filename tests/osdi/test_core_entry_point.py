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


def test_the_entry_point_lists_the_person_signup_helper_at_the_people_collection(
        api_client, osdi_token):
    links = api_client.get("", token=osdi_token(("people:write",))).json()["_links"]

    helper = links["osdi:person_signup_helper"]
    assert helper["href"] == links["osdi:people"]["href"] == "http://testserver/api/osdi/v1/people"
    assert helper["title"]


def test_the_person_signup_helper_is_not_offered_to_a_token_that_may_only_read_people(
        api_client, osdi_token):
    links = api_client.get("", token=osdi_token(("people:read",))).json()["_links"]

    assert "osdi:people" in links
    assert "osdi:person_signup_helper" not in links


def test_the_person_signup_helpers_link_signs_people_up(api_client):
    from alianza.coalition.models import Person

    href = api_client.get("").json()["_links"]["osdi:person_signup_helper"]["href"]
    response = api_client.post(href, {"person": {"email_addresses": [
        {"address": "helper@example.org"}]}})

    assert response.status_code == 200, response.content
    assert Person.objects.filter(email="helper@example.org").exists()
