"""Requests holding NUL (``%00``) are refused with a 400 on every page, never a 500:
PostgreSQL can neither store nor compare such text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.coalition.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/en/signatories/?q=%00", "/es/members/?q=a%00b",
                                 "/en/data/search/?q=%00", "/en/signatories/?%00=x",
                                 "/en/%00/"])
def test_an_address_or_query_holding_nul_gets_a_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_the_400_page_is_in_the_visitors_language(client):
    response = client.get("/es/signatories/?q=%00")
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "es"
    assert "Algo" in response.content.decode()


def test_a_form_holding_nul_is_refused_and_writes_nothing(client):
    response = client.post(reverse("coalition-join"), {
        "name": "Ana\x00", "email": "ana@example.org", "consent": "on"})
    assert response.status_code == 400
    assert not Person.objects.filter(email="ana@example.org").exists()


def test_api_paths_get_the_apis_json_error(client):
    response = client.get("/api/osdi/v1/people/%00")
    assert response.status_code == 400
    assert response.json() == {"error": "Text may not contain the NUL character."}
