"""A favicon and a web app manifest, so a phone can keep the site on its home screen under
the coalition's name, opening in the reader's language."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache

from alianza.coalition.models import CoalitionProfile, CoalitionProfileText

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    cache.clear()  # the site's name is cached for a minute
    profile = CoalitionProfile.objects.create(name="Consortium for Multilingual Learner Success")
    CoalitionProfileText.objects.create(profile=profile, language="es",
                                        tagline="Cada estudiante multilingüe prospera.")
    return profile


def _manifest(client, query: str = "") -> tuple[object, dict]:
    response = client.get("/manifest.webmanifest" + query)
    return response, json.loads(response.content)


def test_the_manifest_carries_the_coalitions_name_and_opens_in_spanish(client, profile):
    response, manifest = _manifest(client, "?lang=es")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["name"] == "Consortium for Multilingual Learner Success"
    assert manifest["short_name"] == "CMLS"
    assert manifest["lang"] == "es"
    assert manifest["start_url"] == "/es/"
    assert manifest["description"] == "Cada estudiante multilingüe prospera."


def test_an_unknown_language_gets_the_sites_default_rather_than_an_error(client, profile):
    response, manifest = _manifest(client, "?lang=<script>")

    assert response.status_code == 200
    assert manifest["lang"] == "en" and manifest["start_url"] == "/en/"


def test_every_icon_the_manifest_lists_exists(client, profile):
    _response, manifest = _manifest(client)

    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), icon["src"]


def test_every_page_links_the_icons_and_the_manifest_in_its_language(client, profile):
    html = client.get("/es/").content.decode()

    assert 'rel="icon" href="/static/core/icons/alianza.svg" type="image/svg+xml"' in html
    assert 'rel="apple-touch-icon"' in html
    assert 'rel="manifest" href="/manifest.webmanifest?lang=es"' in html


def test_the_favicon_address_browsers_guess_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/core/icons/icon-32.png"
