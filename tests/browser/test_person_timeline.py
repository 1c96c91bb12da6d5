"""Staff open a person's page on a phone, read their timeline and add a note to it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from alianza.coalition.models import Consent, Person, Signature
from alianza.coalition.services.people import consent_record
from tests.browser.conftest import es
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person(statement) -> Person:
    rosa = Person.objects.create(name="Rosa Méndez", email="rosa@example.org",
                                 preferred_language="es", phone="559-555-0134")
    consent_record(person=rosa, kind=Consent.Kind.EMAIL, scope="updates", granted=True,
                   wording="Quiero recibir noticias.", language="es", source="join")
    Signature.objects.create(statement=statement, version=statement.versions.get(),
                             person=rosa, status=Signature.Status.CONFIRMED,
                             confirmed_at=timezone.now(), language="es", source="join")
    return rosa


def test_staff_read_the_timeline_and_add_a_note_on_a_phone(phone_page, site, staff_user,
                                                            person):
    page = phone_page
    with translation.override("es"):
        url = reverse("coalition-person", args=[person.pk])
    page.goto(site + url)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("input[name=username]").fill(staff_user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))

    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Firmó «Declaración de Acuerdo»")
    expect(timeline).to_contain_text(es("Record created"))
    # Readable on a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label(es("Add a note")).fill("Prefiere que la llamen por la tarde.")
    page.get_by_role("button", name=es("Save the note")).click()

    expect(page.locator("ol.timeline li").first).to_contain_text(
        "Prefiere que la llamen por la tarde.")
    expect(page.locator("main")).to_contain_text(es("Your note was added to the timeline."))
