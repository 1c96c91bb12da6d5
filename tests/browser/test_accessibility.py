"""axe-core finds no serious or critical problem on the public pages, in either language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.library.sample_files import media  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG 2.0–2.2 A and AA rules plus axe's best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice",
    ]},
}
PUBLIC_PAGES = [
    ("core-home", {}),
    ("coalition-about", {}),
    ("coalition-join", {}),
    ("coalition-statement", {"slug": "statement-of-agreement"}),
    ("coalition-signatories", {}),
    ("coalition-members", {}),
    ("coalition-workgroups", {}),
    ("coalition-workgroup-signup", {"slug": "policy"}),
    ("coalition-confirm", {"token": "a-token-from-an-email"}),
    ("core-login", {}),
]
# The library's and the events' public pages, on the demo data: (name for the screenshot,
# URL name, its arguments, query string).
LIBRARY_AND_EVENTS_PAGES = [
    ("library", "library-index", {}, ""),
    ("library-search", "library-index", {}, "?q=english+learners&audience=school-leader"
                                            "&kind=toolkit&kind=report"),
    ("library-resource", "library-resource", {"slug": "toolkit-school-leaders"}, ""),
    ("library-resource-one-language", "library-resource", {"slug": "ltel-report-2024"}, ""),
    ("library-collections", "library-collections", {}, ""),
    ("library-collection", "library-collection", {"slug": "seal-of-biliteracy-toolkit"}, ""),
    ("press-room", "library-press", {}, ""),
    ("events", "events-index", {}, ""),
    ("event", "events-event", {"slug": "spring-convening"}, ""),
    ("event-past", "events-event", {"slug": "winter-convening-2024"}, ""),
    ("events-past", "events-past", {}, ""),
]
SHOTS = Path(os.environ.get("LIBRARY_PUBLIC_SHOTS", "/work/shots/library-public"))


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            found.append(f"{page.url}: {violation['id']} ({violation['impact']}) at "
                         f"{node['target']}: {node['failureSummary']}")
    return found


@pytest.fixture(params=["en", "es"])
def language(request) -> str:
    return request.param


@pytest.fixture(params=["desktop", "phone"])
def any_page(request):
    return request.getfixturevalue(f"{request.param}_page")


def test_public_pages_have_no_serious_accessibility_violations(
    any_page, site, coalition, language
):
    found = []
    for name, kwargs in PUBLIC_PAGES:
        with translation.override(language):
            path = reverse(name, kwargs=kwargs)
        response = any_page.goto(site + path)
        assert response.status == 200, path
        assert any_page.locator("html").get_attribute("lang") == language
        found += serious_violations(any_page)
        # On a phone the menu is checked open too, with its first sub-menu unfolded.
        if any_page.locator(".menu-button").is_visible():
            any_page.locator(".menu-button").click()
            any_page.locator("#site-menu .nav-submenu > summary").first.click()
            found += serious_violations(any_page)
    assert found == [], "\n".join(found)


def test_a_join_form_with_errors_has_no_serious_accessibility_violations(
    phone_page, site, coalition, language
):
    page = phone_page
    with translation.override(language):
        page.goto(site + reverse("coalition-join"))
    page.locator("#id_email").fill("not an address")
    page.locator("form.stacked button[type=submit]").click()

    page.locator(".error-summary").wait_for()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("[aria-invalid=true]").count() >= 2
    found = serious_violations(page)
    assert found == [], "\n".join(found)


@pytest.fixture
def library_and_events(request) -> None:
    """The demo library, then the demo events (the past convening links to its recording).
    Its files go to the test's own media folder."""
    request.getfixturevalue("media")
    call_command("library_demo", verbosity=0)
    call_command("events_demo", verbosity=0)


def sideways_scroll(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [390, 1440])
def test_library_and_event_pages_fit_the_screen_and_have_no_serious_violations(
    browser, site, library_and_events, language, width
):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone,
        has_touch=phone, device_scale_factor=2 if phone else 1)
    context.set_default_timeout(10_000)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    found, overflowing = [], []
    try:
        for key, name, kwargs, query in LIBRARY_AND_EVENTS_PAGES:
            with translation.override(language):
                path = reverse(name, kwargs=kwargs) + query
            response = page.goto(site + path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language
            if key == "library-search":  # the filtered page is checked with results on it
                assert page.locator(".library-results .library-card").count() == 2
            if overflow := sideways_scroll(page):
                overflowing.append(f"{path} scrolls sideways by {overflow}px at {width}px")
            found += serious_violations(page)
            page.screenshot(path=str(SHOTS / f"{key}-{language}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert overflowing == [], "\n".join(overflowing)
    assert found == [], "\n".join(found)
