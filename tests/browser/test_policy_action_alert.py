"""A parent on her phone, reading Spanish, writes to her legislators about a bill: her ZIP
code crosses district lines so she picks hers, edits the letter, confirms from the email a
real mail server received, and her own words reach the office."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from alianza.core.models import OutboundEmail
from alianza.policy.models import ActionLetter, Chamber
from tests.browser.conftest import es
from tests.browser.test_accessibility import serious_violations, sideways_scroll
from tests.policy import f_factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Guadalupe Hernández"
EMAIL = "lupita.hernandez@example.org"
HER_WORDS = ("Soy mamá de dos estudiantes de inglés en Boyle Heights.\n\n"
             "Mi hija llegó hace tres años y hoy lee en dos idiomas. "
             "Les pido que apoyen AB 2268.")


@pytest.fixture
def action():
    f.legislature()
    f.zips(("90033", Chamber.LOWER, 52), ("90033", Chamber.LOWER, 53),
           ("90033", Chamber.UPPER, 24))
    return f.campaign()


def test_a_parent_sends_an_action_alert_in_spanish_from_her_phone(
        phone_page, site, smtp_server, action):
    page = phone_page
    found = []

    page.goto(f"{site}/es/policy/act/ab-2268/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Escríbale a sus legisladores sobre AB 2268")
    found += serious_violations(page)
    page.get_by_label(re.compile("^" + es("Your full name"))).fill(NAME)
    page.get_by_label(re.compile("^" + es("Email"))).fill(EMAIL)
    page.get_by_label(es("City (optional)")).fill("Boyle Heights")
    page.get_by_label(es("ZIP code (optional)")).fill("90033")
    page.get_by_role("button", name=es("Next: your letter")).tap()

    # Her ZIP code is in two Assembly districts: she picks hers.
    expect(page.get_by_role("status")).to_contain_text(
        "El código postal 90033 abarca más de un distrito")
    page.get_by_label("Distrito 52 de la Asamblea").check()
    found += serious_violations(page)
    page.get_by_role("button", name=es("Next: your letter")).tap()

    expect(page.get_by_role("heading", name=es("Step 2 of 2: your letter"))).to_be_visible()
    expect(page.get_by_text("Asambleísta Rosa Martínez", exact=True)).to_be_visible()
    expect(page.get_by_text("Sen. Helen Park", exact=True)).to_be_visible()
    to_assembly = page.get_by_label("Su carta para asambleísta Rosa Martínez")
    expect(to_assembly).to_have_value(re.compile(
        r"^Estimado/a Rosa Martínez:\n\nVivo en Boyle Heights, en el Distrito 52 de la "
        r"Asamblea\. Le pido que apoye AB 2268\."))
    found += serious_violations(page)
    assert sideways_scroll(page) == 0

    # An empty letter is refused, and her other letter is kept as it was.
    to_assembly.fill("   ")
    page.get_by_role("button", name=es("Send my letter")).tap()
    expect(page.locator("#error-summary")).to_contain_text("Su carta está vacía")
    found += serious_violations(page)
    page.get_by_label("Su carta para asambleísta Rosa Martínez").fill(HER_WORDS)
    page.get_by_role("button", name=es("Send my letter")).tap()

    expect(page.get_by_role("heading", name=es("Check your email"))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(EMAIL)
    assert not OutboundEmail.objects.filter(purpose="action-letter").exists()

    # The confirmation, in Spanish, from a real SMTP server.
    [confirmation] = smtp_server.to(EMAIL)
    assert confirmation["Content-Language"] == "es"
    assert "Confirme para enviar su carta" in confirmation["Subject"]
    link = re.search(r"https?://\S+/es/policy/act/confirm/\S+/",
                     smtp_server.body(confirmation)).group(0)
    page.goto(link)
    page.get_by_role("button", name=es("Confirm and send")).tap()
    expect(page.get_by_role("heading", name=es("Your letter is on its way"))).to_be_visible()
    found += serious_violations(page)

    # The office reads English around her words, kept as she wrote them; replies go to her.
    [letter] = smtp_server.to("martinez@example.org")
    assert letter["Content-Language"] == "en"
    assert letter["Reply-To"] == EMAIL
    body = smtp_server.body(letter).replace("\r\n", "\n")
    assert "A constituent in Assembly District 52 writes:\n\n" + HER_WORDS in body
    assert f"{NAME}\nBoyle Heights, 90033\n{EMAIL}" in body
    assert len(smtp_server.to("park@example.org")) == 1
    outbound = OutboundEmail.objects.get(to="martinez@example.org")
    assert outbound.status == OutboundEmail.Status.SENT
    assert ActionLetter.objects.get(chamber=Chamber.LOWER).body == HER_WORDS

    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["en", "es"])
def test_action_alert_pages_fit_a_phone_with_no_serious_violations(
        phone_page, site, smtp_server, action, language):
    page, found, overflowing = phone_page, [], []

    def check() -> None:
        found.extend(serious_violations(page))
        if overflow := sideways_scroll(page):
            overflowing.append(f"{page.url} scrolls sideways by {overflow}px")

    page.goto(f"{site}/{language}/policy/act/ab-2268/")
    check()
    page.locator("form.stacked button[type=submit]").tap()  # nothing filled in
    expect(page.locator("#error-summary")).to_be_visible()
    check()
    page.locator("#id_name").fill(NAME)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_zip_code").fill("95814")  # not in the file: the lists are offered
    page.locator("form.stacked button[type=submit]").tap()
    expect(page.locator("#error-summary")).to_be_visible()
    check()
    page.locator("#id_zip_code").fill("")
    page.locator("#id_assembly_district").select_option("52")
    page.locator("#id_senate_district").select_option("26")  # a vacant seat
    page.locator("form.stacked button[type=submit]").tap()
    expect(page.locator("#id_body_lower")).to_be_visible()
    check()
    page.locator("button.primary").tap()
    expect(page.locator(".success-panel")).to_be_visible()
    check()
    outbound = OutboundEmail.objects.get(to=EMAIL)
    link = re.search(r"https?://\S+/policy/act/confirm/\S+/", outbound.body_text).group(0)
    page.goto(link)
    check()
    page.locator("button.primary").tap()
    expect(page.locator(".success-panel")).to_be_visible()
    check()
    page.goto(f"{site}/{language}/policy/act/confirm/not-a-link/")
    check()
    action.is_live = False
    action.save()
    page.goto(f"{site}/{language}/policy/act/ab-2268/")
    check()

    assert not found, "\n".join(found)
    assert not overflowing, "\n".join(overflowing)
