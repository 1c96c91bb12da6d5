""""Title" is two words in Spanish: a document's or an event's "Título", a person's "Cargo".
The catalogues of every app are merged, so each meaning needs its own context."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import Affiliation

pytestmark = pytest.mark.django_db


def _label(client, url_name: str, field_id: str) -> str:
    with translation.override("es"):
        url = reverse(url_name)
    page = client.get(url).content.decode()
    found = re.search(rf'<label[^>]*for="{field_id}"[^>]*>([^<]*)</label>', page)
    assert found, f"no label for {field_id} on {url}"
    return found.group(1).strip()


def test_a_resources_title_is_titulo_in_spanish(staff_client):
    assert _label(staff_client, "admin:library_resourcetext_add", "id_title") == "Título:"


def test_an_events_title_is_titulo_in_spanish(staff_client):
    label = _label(staff_client, "admin:convenings_event_add", "id_texts-__prefix__-title")
    assert label == "Título:"


def test_a_persons_title_at_an_organization_stays_cargo_in_spanish():
    with translation.override("es"):
        assert str(Affiliation._meta.get_field("title").verbose_name) == "cargo"
