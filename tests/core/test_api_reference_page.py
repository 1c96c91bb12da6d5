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


def test_the_contents_are_in_the_readers_language_and_say_the_details_are_in_english(client):
    spanish = client.get("/api/osdi/v1/docs/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    with translation.override("es"):
        assert translation.pgettext("API reference", "Contents") in spanish
        assert str(FAMILIES["advocacy_campaigns"]) in spanish
        assert "escrita en inglés" in spanish
    english = client.get("/api/osdi/v1/docs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Advocacy campaigns" in english and "written in English" not in english
