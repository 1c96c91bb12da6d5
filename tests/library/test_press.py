"""The press room: press releases newest first within typed dates, media contacts, in the
reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.library.forms_press import parse_date
from alianza.library.models import MediaContact
from tests.library.factories import make_resource

pytestmark = pytest.mark.django_db


def press_url(lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("library-press")


@pytest.fixture
def releases():
    make_resource(en="Coalition honored with a national prize", es="La coalición recibe un "
                  "premio nacional", kind="press_release", published_on=datetime.date(2012, 9, 20))
    make_resource(en="Budget keeps English learner funding", kind="press_release",
                  published_on=datetime.date(2024, 6, 17))
    make_resource(en="Not yet out", kind="press_release", published=False,
                  published_on=datetime.date(2024, 7, 1))
    make_resource(en="A report, not a release", kind="report",
                  published_on=datetime.date(2024, 6, 18))


def test_press_releases_are_listed_newest_first_with_the_date_examples(client, releases):
    page = client.get(press_url()).content.decode()
    assert page.index("Budget keeps") < page.index("Coalition honored")
    assert "Not yet out" not in page and "A report, not a release" not in page
    assert "E.g., 06/17/2024" in page


def test_the_spanish_press_room_shows_spanish_titles_and_examples(client, releases):
    page = client.get(press_url("es")).content.decode()
    assert "La coalición recibe un premio nacional" in page
    assert "Ej.: 17/06/2024" in page
    assert "Disponible solo en inglés" in page  # the 2024 release has no Spanish text


def test_english_dates_are_month_first(client, releases):
    page = client.get(press_url(), {"start": "06/01/2024", "end": "06/30/2024"})
    text = page.content.decode()
    assert "Budget keeps" in text and "Coalition honored" not in text


def test_spanish_dates_are_day_first(client, releases):
    page = client.get(press_url("es"), {"start": "01/09/2012", "end": "30/09/2012"})
    text = page.content.decode()
    assert "La coalición recibe" in text and "Budget keeps" not in text


def test_iso_dates_from_a_date_picker_work_in_both_languages(client, releases):
    for lang in ("en", "es"):
        text = client.get(press_url(lang), {"start": "2024-06-01"}).content.decode()
        assert "Budget keeps" in text and "Coalition honored" not in text, lang


def test_a_malformed_date_gets_a_clear_message_in_each_language(client, releases):
    english = client.get(press_url(), {"start": "June 17"}).content.decode()
    assert "“June 17” is not a date. Type it like this: 06/17/2024." in english
    assert "Budget keeps" in english  # the list is still shown, unfiltered
    spanish = client.get(press_url("es"), {"start": "31/31/2024"}).content.decode()
    assert "«31/31/2024» no es una fecha. Escríbala así: 17/06/2024." in spanish


def test_an_end_before_the_start_is_explained(client, releases):
    page = client.get(press_url(), {"start": "2024-06-30", "end": "2024-06-01"})
    assert "The end date is before the start date." in page.content.decode()


def test_parse_date_reads_each_languages_order():
    assert parse_date("06/07/2024", "en") == datetime.date(2024, 6, 7)
    assert parse_date("06/07/2024", "es") == datetime.date(2024, 7, 6)
    assert parse_date("2024-06-07", "es") == datetime.date(2024, 6, 7)
    for bad in ("13/13/2024", "2024/06/07", "", "06/07/24"):
        with pytest.raises(ValueError):
            parse_date(bad, "en")


def test_active_media_contacts_are_shown_in_the_readers_language(client):
    MediaContact.objects.create(name="Ana Ruiz", role="Communications director",
                                role_es="Directora de comunicaciones",
                                email="press@example.org", phone="(916) 555-0142",
                                languages=["en", "es", "vi"])
    MediaContact.objects.create(name="Former contact", is_active=False)
    english = client.get(press_url()).content.decode()
    assert "Ana Ruiz" in english and "Communications director" in english
    assert "English, Spanish, Vietnamese" in english
    assert "Former contact" not in english
    assert 'href="tel:(916)555-0142"' in english
    spanish = client.get(press_url("es")).content.decode()
    assert "Directora de comunicaciones" in spanish
    assert "Inglés, Español, Vietnamita" in spanish
