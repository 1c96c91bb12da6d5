"""Every failure is a JSON {"error": ...} with its status, and nothing is written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.osdi.urls_test_resource")]


@pytest.fixture(autouse=True)
def no_role_groups():
    Group.objects.all().delete()  # the staff role groups the migrations made


def _error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/hal+json; charset=utf-8"
    body = response.json()
    assert list(body) == ["error"]
    return body["error"]


def test_malformed_json_is_a_400(api_client):
    assert "JSON" in _error(api_client.post("test_groups", raw=b'{"name": '), 400)
    assert not Group.objects.exists()


def test_an_unknown_field_is_a_400_naming_it(api_client):
    message = _error(api_client.post("test_groups", {"name": "x", "colour": "red"}), 400)
    assert "colour" in message
    assert not Group.objects.exists()


def test_a_wrong_type_is_a_400(api_client):
    assert "name" in _error(api_client.post("test_groups", {"name": ["x"]}), 400)


def test_a_missing_field_is_a_400(api_client):
    assert "name" in _error(api_client.post("test_groups", {}), 400)


@pytest.mark.parametrize("body", [{"name": "\u00a5\x00"}, {"name\x00": "x"}])
def test_text_holding_nul_is_a_400_on_any_resource_and_writes_nothing(api_client, body):
    # PostgreSQL cannot store NUL: the API refuses it before any resource sees the body.
    assert "NUL" in _error(api_client.post("test_groups", body), 400)
    assert not Group.objects.exists()


def test_a_query_parameter_holding_nul_is_a_400(api_client):
    assert "NUL" in _error(api_client.get("test_groups", filter="modified_date gt '\x00'"), 400)


def test_a_value_the_database_cannot_hold_is_a_400_not_a_500(api_client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps text of any length in a limited column")
    assert "too long" in _error(api_client.post("test_groups/overlong", {}), 400)
    assert not Group.objects.exists()


def test_an_oversized_body_is_refused_before_it_is_read(api_client, settings):
    settings.OSDI_MAX_BODY_BYTES = 1000
    _error(api_client.post("test_groups", {"name": "x" * 2000}), 413)
    assert not Group.objects.exists()


def test_an_unknown_path_is_a_json_404(api_client):
    _error(api_client.get("no/such/thing"), 404)


def test_a_path_without_its_trailing_slash_is_served_without_a_redirect(api_client):
    response = api_client.post("test_groups", {"name": "Volunteers"})
    assert response.status_code == 201
    assert Group.objects.filter(name="Volunteers").exists()


def test_errors_follow_the_clients_language(api_client):
    response = api_client.client.get("/api/osdi/v1/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 401
    assert "OSDI-API-Token" in response.json()["error"]
    assert "válido" in response.json()["error"] or "necesita" in response.json()["error"]


def test_a_method_a_collection_does_not_take_is_a_json_405_with_allow(api_client):
    for path in ("test_groups", "test_groups/"):
        response = api_client.put(path, {"name": "x"})
        assert "PUT" in _error(response, 405)
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert not Group.objects.exists()


def test_the_reference_and_the_description_only_answer_reads(api_client):
    for path in ("docs/", "docs/people", "openapi.json"):
        response = api_client.post(path, {})
        _error(response, 405)
        assert response["Allow"] == "GET, HEAD"


def test_a_bug_in_a_resource_is_a_json_500(osdi_all_token):
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.get("/api/osdi/v1/test_groups/boom", HTTP_OSDI_API_TOKEN=osdi_all_token)
    assert "went wrong" in _error(response, 500)


@pytest.mark.parametrize("path,status", [("/api/osdi/v1/test_plain/missing", 404),
                                         ("/api/osdi/v1/test_plain/boom", 500)])
def test_the_sites_error_handlers_answer_in_json_under_the_api(path, status):
    from django.test import Client

    _error(Client(raise_request_exception=False).get(path), status)


def test_the_sites_error_handlers_still_answer_pages_elsewhere(client):
    response = client.get("/en/no/such/page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
