"""A parent on a phone opens the menu, goes to the data pages, types "LAUSD" and reaches Los
Angeles Unified's figures, in English and in Spanish."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from alianza.evidence.services.datasets import dataset_import
from tests.browser.conftest import PHONE, en, es
from tests.evidence.web.conftest import language_file, ltel_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures(tmp_path, settings):
    settings.ALIANZA_DATA_DIR = tmp_path
    for path in (ltel_file(tmp_path), language_file(tmp_path)):
        dataset_import(path=path, source_name=path.name)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_parent_on_a_phone_finds_los_angeles_unified_by_typing_lausd(
        browser, site, figures, language):
    text = es if language == "es" else en
    with translation.override(language):
        home = reverse("core-home")
        district = reverse("evidence-district", args=["19647330000000"])
    context = browser.new_context(**PHONE, locale="es-MX" if language == "es" else "en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(site + home)
        menu = page.locator("button.menu-button")
        expect(menu).to_be_visible()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        page.locator("#site-menu").get_by_role(
            "link", name=text("English-learner data"), exact=True).click()
        expect(page).to_have_url(re.compile(rf"/{language}/data/$"))

        search = page.get_by_label(text("Find a county, district or school"))
        search.press_sequentially("LAUSD", delay=50)
        result = page.locator("#search-results").get_by_role("link",
                                                             name="Los Angeles Unified")
        expect(result).to_be_visible()
        result.click()

        expect(page).to_have_url(site + district)
        expect(page.locator("main h1")).to_contain_text("Los Angeles Unified")
        assert page.locator("html").get_attribute("lang") == language
    finally:
        context.close()
