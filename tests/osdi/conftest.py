"""Fixtures for the OSDI API tests: tokens, and a client that sends them.

``osdi_token(scopes=("people:read",), user=None)`` makes a token (for a new staff user
unless ``user`` is given) and returns its secret. ``osdi_get("people", page=2)``,
``osdi_post("people", {...})``, ``osdi_put(...)``, ``osdi_delete(...)`` call the API with a
token holding every scope (or ``token=secret``) and return Django test responses (``.json()``).
Paths are relative to ``/api/osdi/v1/``; absolute URLs (``_links`` hrefs) work too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import count

import pytest
from django.test import Client

from alianza.core.osdi.tokens import api_token_create

PREFIX = "/api/osdi/v1/"
_users = count(1)


def osdi_path(path: str) -> str:
    if "://" in path:
        path = "/" + path.split("://", 1)[1].split("/", 1)[1]
    if path.startswith("/"):
        return path
    return PREFIX + path.lstrip("/")


@pytest.fixture
def osdi_staff_user(db, django_user_model):
    """A staff member whose role opens every family: the tests of scopes and resources.
    What a narrower role may do is tested in ``test_core_roles.py``."""
    return django_user_model.objects.create_user(
        username=f"api-user-{next(_users)}", email="api@example.org", password="x",
        is_staff=True, is_superuser=True)


@pytest.fixture
def osdi_token(db, django_user_model) -> Callable[..., str]:
    def make(scopes=("*",), *, user=None, name: str = "Test token") -> str:
        if user is None:
            user = django_user_model.objects.create_user(
                username=f"api-token-{next(_users)}", password="x", is_staff=True,
                is_superuser=True)
        _token, secret = api_token_create(user=user, name=name, scopes=list(scopes))
        return secret

    return make


@pytest.fixture
def osdi_all_token(osdi_token) -> str:
    return osdi_token(("*",))


class OsdiClient:
    """Django's test client, sending ``OSDI-API-Token`` and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, token: str | None) -> dict[str, str]:
        token = self.token if token is None else token
        return {"HTTP_OSDI_API_TOKEN": token} if token else {}

    def get(self, path: str, *, token: str | None = None, **params):
        return self.client.get(osdi_path(path), params, **self._headers(token))

    def _send(self, method: str, path: str, body, token: str | None, raw: bytes | None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return getattr(self.client, method)(osdi_path(path), data=data,
                                            content_type="application/json",
                                            **self._headers(token))

    def post(self, path: str, body=None, *, token: str | None = None, raw: bytes | None = None):
        return self._send("post", path, body, token, raw)

    def put(self, path: str, body=None, *, token: str | None = None, raw: bytes | None = None):
        return self._send("put", path, body, token, raw)

    def delete(self, path: str, *, token: str | None = None):
        return self.client.delete(osdi_path(path), **self._headers(token))


@pytest.fixture
def api_client(osdi_all_token) -> OsdiClient:
    """A client whose requests carry a token holding every scope."""
    return OsdiClient(osdi_all_token)


@pytest.fixture
def osdi_get(api_client):
    return api_client.get


@pytest.fixture
def osdi_post(api_client):
    return api_client.post


@pytest.fixture
def osdi_put(api_client):
    return api_client.put


@pytest.fixture
def osdi_delete(api_client):
    return api_client.delete
