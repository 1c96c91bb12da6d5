"""The site header on a phone leaves the first screen to the page; its menu opens from one
button (or, without script, one link) and closes with Escape; on a laptop the menu is one row.
The header and its opened menu have no serious or critical axe-core violation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, en, es
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Measured before this header: 334 px of 844 (and 190 px once the menu first folded).
MAX_PHONE_HEADER = 120


def _path(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _context(browser, width: int, language: str, *, script: bool = True):
    size = PHONE if width < 600 else {"viewport": {"width": width, "height": 900}}
    context = browser.new_context(
        **size, java_script_enabled=script,
        locale="es-MX" if language == "es" else "en-US")
    context.set_default_timeout(10_000)
    return context


def _log_in(page, site: str, language: str, username: str) -> None:
    page.goto(site + _path("core-login", language))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture(params=["en", "es"])
def language(request) -> str:
    return request.param


def test_on_a_phone_the_header_is_short_and_the_menu_opens_and_closes_from_one_button(
    browser, site, coalition, language
):
    text = es if language == "es" else en
    context = _context(browser, 390, language)
    page = context.new_page()
    try:
        page.goto(site + _path("core-home", language))
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] < MAX_PHONE_HEADER, header
        expect(page.locator("main h1")).to_be_in_viewport()

        button = page.get_by_role("button", name=text("Menu"))
        menu = page.locator("#site-menu")
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(button).to_have_attribute("aria-controls", "site-menu")
        expect(menu).to_be_hidden()
        # The other language is one tap away on the first screen.
        other = "English" if language == "es" else "Español"
        expect(page.get_by_role("button", name=other)).to_be_visible()
        assert serious_violations(page) == []

        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(menu.get_by_role("link", name=text("Library"))).to_be_visible()
        assert serious_violations(page) == []

        # Keyboard: the next stop after the button is the menu's first entry; Escape closes
        # the menu and leaves focus on its button.
        button.focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#site-menu') !== null")
        page.keyboard.press("Escape")
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_hidden()
        expect(button).to_be_focused()

        # The login stays at hand, at the foot of every page.
        expect(page.get_by_role("link", name=text(
            "Staff and workgroup leads: log in"))).to_have_count(1)
    finally:
        context.close()


def test_without_script_the_phone_menu_opens_from_a_link(browser, site, coalition):
    context = _context(browser, 390, "es", script=False)
    page = context.new_page()
    try:
        page.goto(site + _path("core-home", "es"))
        expect(page.locator(".menu-button")).to_be_hidden()
        expect(page.locator("#site-menu")).to_be_hidden()

        page.get_by_role("link", name=es("Menu")).click()

        expect(page.locator("#site-menu").get_by_role("link", name=es("Library"))).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["core-home", "coalition-staff-dashboard"])
def test_on_a_laptop_the_whole_menu_is_one_row_even_for_a_signed_in_superuser(
    browser, site, coalition, staff_user, language, page_name
):
    context = _context(browser, 1440, language)
    page = context.new_page()
    try:
        _log_in(page, site, language, staff_user.username)
        page.goto(site + _path(page_name, language))
        expect(page.locator(".menu-toggle:visible")).to_have_count(0)
        tops = {round(item.bounding_box()["y"])
                for item in page.locator("#site-menu > li:visible").all()}
        assert len(tops) == 1, f"the menu wraps onto {len(tops)} rows"
        text = es if language == "es" else en
        expect(page.locator(".account-link")).to_have_text(text("Staff"))
        assert serious_violations(page) == []
    finally:
        context.close()


def test_on_a_phone_escape_closes_the_staff_pages_menu_too(browser, site, staff_user):
    context = _context(browser, 390, "es")
    page = context.new_page()
    try:
        _log_in(page, site, "es", staff_user.username)
        page.goto(site + _path("coalition-staff-dashboard", "es"))
        expect(page.locator("header.site-header")).to_be_visible()
        assert page.locator("header.site-header").bounding_box()["height"] < MAX_PHONE_HEADER
        summary = page.locator(".staff-menu > summary")
        summary.click()
        expect(page.locator(".staff-menu")).to_have_attribute("open", "")

        page.keyboard.press("Escape")

        expect(page.locator(".staff-menu")).not_to_have_attribute("open", "")
        expect(summary).to_be_focused()
    finally:
        context.close()


def test_on_a_tablet_the_menu_stays_folded_rather_than_wrapping_over_several_rows(
    browser, site, coalition
):
    context = _context(browser, 768, "es")
    page = context.new_page()
    try:
        page.goto(site + _path("core-home", "es"))
        assert page.locator("header.site-header").bounding_box()["height"] < MAX_PHONE_HEADER
        expect(page.get_by_role("button", name=es("Menu"))).to_be_visible()
        expect(page.locator("#site-menu")).to_be_hidden()
        assert page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    finally:
        context.close()
