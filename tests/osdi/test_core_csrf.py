"""Real clients send no CSRF cookie: the token is the API's only credential, so no entry
to the API (with or without its trailing slash, any method) asks for a CSRF token."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from alianza.coalition.models import Person

pytestmark = pytest.mark.django_db

BODY = '{"person": {"email_addresses": [{"address": "csrf@example.org"}]}}'


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("path", ["/api/osdi/v1/people", "/api/osdi/v1/people/"])
def test_a_signup_without_cookies_is_served_with_or_without_the_trailing_slash(
        csrf_client, osdi_all_token, path):
    response = csrf_client.post(path, data=BODY, content_type="application/json",
                                HTTP_OSDI_API_TOKEN=osdi_all_token)

    assert response.status_code == 200, response.content
    assert Person.objects.filter(email="csrf@example.org").exists()


def _api_routes() -> list[str]:
    """Every route under the API, its parameters filled in with an id that names nothing."""
    from django.urls import URLResolver

    from alianza import urls

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    routes = []
    for route in walk(urls.urlpatterns):
        if not route.startswith("api/osdi/v1/"):
            continue
        route = route.replace("^(?P<rest>.*)$", "no/such/path")
        route = re.sub(r"<[^>]+>", "00000000-0000-4000-8000-000000000000", route)
        routes.append("/" + route)
    return sorted(set(routes))


def test_every_entry_to_the_api_answers_without_a_csrf_token_and_errors_in_json(
        csrf_client, osdi_all_token, settings):
    settings.OSDI_RATE_LIMIT = ""
    routes = _api_routes()
    assert "/api/osdi/v1/people/" in routes and len(routes) > 20
    refused, not_json = [], []
    for route in routes:
        for path in {route, route.rstrip("/") or route, route.rstrip("/") + "/"}:
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                response = csrf_client.generic(method, path, b"{}", "application/json",
                                               HTTP_OSDI_API_TOKEN=osdi_all_token)
                if response.status_code == 403 and b"CSRF" in response.content:
                    refused.append(f"{method} {path}")
                if response.status_code >= 400 and (
                        not response["Content-Type"].startswith("application/hal+json")
                        or list(response.json()) != ["error"]):
                    not_json.append(f"{method} {path} {response.status_code}")
                if response.status_code == 405:
                    assert response["Allow"], f"{method} {path}"
    assert refused == []
    assert not_json == []
