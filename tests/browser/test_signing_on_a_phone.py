"""A Spanish-speaking parent signs the statement on her phone and finds her name listed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from alianza.coalition.models import Consent, Signature
from tests.browser.conftest import es

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Guadalupe Hernández"
EMAIL = "lupita.hernandez@example.org"


def starts_with(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text))


def test_a_spanish_speaking_parent_signs_confirms_and_finds_her_name(
    phone_page, site, coalition, smtp_server
):
    page = phone_page
    page.goto(site + "/")

    # Her browser asks for Spanish, so the site answers in Spanish.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert "/es/" in page.url
    page.get_by_role("link", name=es("Read and sign the statement")).tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Declaración de Acuerdo")
    page.get_by_label(es("Sign the statement as an individual")).check()
    page.get_by_label(starts_with(es("Your full name"))).fill(NAME)
    page.get_by_label(starts_with(es("Email"))).fill(EMAIL)
    page.get_by_label(es("Title or role (optional)")).fill("Madre de familia")
    listing = page.get_by_label(es("List my name, title and organization publicly as a "
                                   "signatory."))
    expect(listing).not_to_be_checked()  # listing is opt-in
    listing.check()
    page.get_by_role("button", name=es("Send")).tap()

    expect(page.get_by_role("heading", name=es("Thank you!"))).to_be_visible()
    expect(page.locator(".success-panel[role=status]")).to_contain_text(EMAIL)
    assert not Signature.objects.filter(person__email=EMAIL).exists()  # until she confirms

    # The confirmation email arrives in Spanish with a link back to the site.
    [message] = smtp_server.to(EMAIL)
    assert message["Content-Language"] == "es"
    body = smtp_server.body(message)
    assert NAME in body
    link = re.search(r"https?://\S+/es/confirm/\S+/", body).group(0)
    assert link.startswith(site)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(es("Confirm your email"))
    page.get_by_role("button", name=es("Confirm my email")).tap()
    expect(page.get_by_role("heading", name=es("Your email is confirmed"))).to_be_visible()
    signature = Signature.objects.get(person__email=EMAIL)
    assert signature.status == Signature.Status.CONFIRMED and signature.language == "es"
    assert Consent.objects.get(person__email=EMAIL, kind="listing").language == "es"

    page.get_by_role("link", name=es("See the list of signatories")).tap()
    results = page.locator("#signatory-results")
    expect(results).to_contain_text(NAME)
    expect(results).to_contain_text("Ana Ruiz")

    # Searching narrows the list without a full page load and keeps the search in the URL.
    page.get_by_label(es("Search by name, title or organization")).fill("Hernández")
    expect(results).not_to_contain_text("Ana Ruiz")
    expect(results).to_contain_text(NAME)
    expect(results).to_contain_text("Madre de familia")
    expect(page).to_have_url(re.compile(r"q=Hern"))


def test_the_join_form_fits_a_phone_screen(phone_page, site, coalition):
    page = phone_page
    page.goto(site + "/es/join/")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a 390px screen"
    # Every control a thumb has to hit is at least 24×24 CSS pixels (WCAG 2.2, 2.5.8).
    small = page.evaluate("""() => [...document.querySelectorAll(
            'main input:not([type=hidden]), main button, main select, main textarea')]
        .filter(el => el.offsetParent !== null && !el.closest('.honeypot'))
        .map(el => [el.name || el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24)
        .map(([name]) => name)""")
    assert small == []
