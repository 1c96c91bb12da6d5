"""Real Chromium through Playwright, pointed at pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

# Playwright's sync API keeps an event loop running in the test thread; Django would
# then refuse ORM calls made by the test itself to set up data and check results.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def es(text: str) -> str:
    """``text`` as a Spanish-speaking visitor sees it."""
    with translation.override("es"):
        return gettext(text)


def en(text: str) -> str:
    with translation.override("en"):
        return gettext(text)


# One Chromium for the whole run. Test modules elsewhere (tests/policy, ...) import this
# fixture, and pytest then holds one copy of it per module; a second Playwright in the same
# process refuses to start ("Sync API inside the asyncio loop"), so every copy shares this.
_running: list = []


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("Browser tests need Debian's Chromium at /usr/bin/chromium "
                    "(apt-get install chromium).")
    if _running:
        yield _running[0]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        _running.append(chromium)
        try:
            yield chromium
        finally:
            _running.clear()
            chromium.close()


@pytest.fixture
def site(live_server, settings) -> str:
    """The live server's address; links in emails point at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def phone_page(browser, site):
    """A phone-sized Chromium whose owner reads Spanish (Mexico)."""
    context = browser.new_context(
        **PHONE, locale="es-MX", extra_http_headers={"Accept-Language": "es-MX,es;q=0.9"}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def coalition(statement, workgroup):
    """A small coalition: leads, advisory members, members and listed signatories."""
    from alianza.coalition.models import (
        CoalitionProfile,
        CoalitionProfileText,
        Organization,
        Person,
        Signature,
    )

    profile = CoalitionProfile.objects.create(name="Californians Together for English Learners")
    CoalitionProfileText.objects.create(
        profile=profile, language="en", tagline="Every English learner thriving.",
        about="A statewide coalition of parents, educators and advocates.",
    )
    CoalitionProfileText.objects.create(
        profile=profile, language="es", tagline="Que cada estudiante de inglés prospere.",
        about="Una coalición estatal de familias, docentes y defensores.",
    )
    Organization.objects.create(
        name="Bilingual Families Network", kind="parent_group", coalition_role="lead",
        county="Los Angeles", website="https://example.org/",
        membership_status=Organization.Membership.MEMBER, member_since=timezone.localdate(),
    )
    Organization.objects.create(
        name="Central Valley Educators", kind="union", coalition_role="advisory",
        membership_status=Organization.Membership.MEMBER, member_since=timezone.localdate(),
    )
    version = statement.versions.get()
    for name, title in [("Ana Ruiz", "Teacher"), ("Tomás Vega", "Parent")]:
        person = Person.objects.create(name=name, email=f"{name.split()[0].lower()}@example.org",
                                       email_confirmed_at=timezone.now())
        Signature.objects.create(
            statement=statement, version=version, person=person, title=title,
            status=Signature.Status.CONFIRMED, confirmed_at=timezone.now(), listed=True,
            language="en", source="test",
        )
    return statement
