"""In a real browser, at a phone's and a desktop's width, in English and Spanish: the staff
resource list and edit page and the press room fit the screen, have no serious accessibility
problem, and a refused upload is explained on the page. Screenshots go to SHOTS."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from alianza.library.models import Resource
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD
from tests.library.sample_files import WINDOWS_PROGRAM, media  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("media")]

SHOTS = Path(os.environ.get("LIBRARY_SHOTS", "/work/shots/library-uploads"))
WIDTHS = {"phone": 390, "desktop": 1440}


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_library_staff_pages_and_the_press_room_fit_and_read_well(
        browser, site, staff_user, lang, size, tmp_path):
    call_command("library_demo", verbosity=0)
    width = WIDTHS[size]
    context = browser.new_context(
        viewport={"width": width, "height": 900}, device_scale_factor=1,
        is_mobile=size == "phone", has_touch=size == "phone")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        login = url("core-login", lang)
        page.goto(site + login)
        page.locator("#id_username").fill(staff_user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form.stacked button[type=submit], main form button[type=submit]").first\
            .click()
        page.wait_for_load_state()
        resource = Resource.objects.get(slug="toolkit-school-leaders")
        pages = {
            "staff-list": url("library-staff-resources", lang),
            "staff-edit": url("library-staff-resource-edit", lang, pk=resource.pk),
            "press": url("library-press", lang),
        }
        SHOTS.mkdir(parents=True, exist_ok=True)
        for key, path in pages.items():
            page.goto(site + path)
            expect(page.locator("h1")).to_be_visible()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{key} {lang} {width}px scrolls sideways by {overflow}px"
            assert not serious_violations(page), key
            page.screenshot(path=str(SHOTS / f"{key}-{lang}-{width}.png"), full_page=True)
        # A program renamed .pdf is refused on the page, in the page's language.
        page.goto(site + pages["staff-edit"])
        bad = tmp_path / "toolkit.pdf"
        bad.write_bytes(WINDOWS_PROGRAM)
        page.locator("#id_es-file").set_input_files(str(bad))
        page.locator("main form.stacked button[type=submit]").last.click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_visible()
        expected = "programa de Windows" if lang == "es" else "Windows program"
        expect(summary).to_contain_text(re.compile(expected))
        page.screenshot(path=str(SHOTS / f"staff-edit-refused-{lang}-{width}.png"),
                        full_page=False)
    finally:
        context.close()
