"""The reader's language comes from the URL, then the cookie, then Accept-Language."""

from __future__ import annotations

import pytest
from django.conf import settings

from alianza.core.services import supported_language

pytestmark = pytest.mark.django_db


def test_the_root_sends_a_spanish_browser_to_the_spanish_site(client):
    response = client.get("/", headers={"accept-language": "es-MX,es;q=0.9,en;q=0.5"})

    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_the_root_sends_an_english_browser_to_the_english_site(client):
    response = client.get("/", headers={"accept-language": "en-US"})

    assert response["Location"] == "/en/"


def test_a_language_cookie_wins_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = client.get("/", headers={"accept-language": "en-US"})

    assert response["Location"] == "/es/"


def test_the_switcher_keeps_the_page_and_remembers_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/en/members/"})

    assert response.status_code == 302
    assert response["Location"] == "/es/members/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_pages_declare_their_language_and_offer_the_other_one(client):
    page = client.get("/es/").content.decode()

    assert '<html lang="es">' in page
    assert "Únase al movimiento" in page
    assert 'lang="en"' in page and "English" in page


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("es-MX", "es"), ("ES", "es"), ("es_419", "es"), ("en-GB", "en"), ("vi", "en"),
     ("", "en"), (None, "en")],
)
def test_bcp47_tags_map_to_the_closest_site_language(tag, expected):
    assert supported_language(tag) == expected
