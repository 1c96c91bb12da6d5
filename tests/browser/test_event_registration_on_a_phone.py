"""A parent registers in Spanish on her phone for a nearly full convening, is waitlisted,
gets a seat when someone cancels, and finds the invitation in her email."""

from __future__ import annotations

import re

import icalendar
import pytest
from playwright.sync_api import expect

from alianza.convenings.models import Registration
from alianza.convenings.services import registration_cancel
from tests.browser.conftest import es
from tests.browser.test_accessibility import serious_violations
from tests.convenings import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Guadalupe Hernández"
EMAIL = "lupita.hernandez@example.org"


def starts_with(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text))


def _calendar(message) -> icalendar.Calendar:
    part = next(p for p in message.iter_attachments() if p.get_filename() == "invite.ics")
    return icalendar.Calendar.from_ical(part.get_content())


def test_a_parent_is_waitlisted_then_promoted_and_gets_the_invitation(
        phone_page, site, smtp_server):
    event = factories.event_create(slug="spring-convening", capacity=2,
                                   online_url="https://meet.example.org/spring")
    first = factories.registration_create(event, email="early@example.org")
    factories.registration_create(event)
    page = phone_page

    page.goto(site + "/es/events/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text(es("Waitlist open"))).to_be_visible()
    page.get_by_role("link", name="Convocatoria de primavera").tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Convocatoria de primavera")
    page.get_by_label(starts_with(es("Your full name"))).fill(NAME)
    page.get_by_label(starts_with(es("Email"))).fill(EMAIL)
    expect(page.get_by_label("Español")).to_be_checked()  # her language, chosen for her
    page.get_by_label(es("I need interpretation")).check()
    page.get_by_role("button", name=es("Join the waitlist")).tap()

    expect(page.get_by_role("heading", name=es("Check your email"))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(EMAIL)

    # The waitlist email: in Spanish, her place in line, no invitation, no online link.
    [waitlisted] = smtp_server.to(EMAIL)
    assert waitlisted["Content-Language"] == "es"
    body = smtp_server.body(waitlisted)
    assert "Su lugar en la lista: 1." in body and "meet.example.org" not in body
    assert not list(waitlisted.iter_attachments())
    manage = re.search(r"https?://\S+/es/events/r/\S+/", body).group(0)

    page.goto(manage)
    expect(page.get_by_role("status")).to_contain_text("Su lugar en la lista: 1.")

    # Someone with a seat cancels: the seat is hers at once.
    registration_cancel(registration=first)

    promoted = smtp_server.to(EMAIL)[-1]
    assert "Se liberó un lugar" in promoted["Subject"]
    assert "https://meet.example.org/spring" in smtp_server.body(promoted)
    calendar = _calendar(promoted)
    assert calendar["METHOD"] == "REQUEST"
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Convocatoria de primavera"
    assert str(vevent["ATTENDEE"]) == f"mailto:{EMAIL}"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert "https://meet.example.org/spring" in str(vevent["DESCRIPTION"])

    page.reload()
    expect(page.get_by_role("status")).to_contain_text(f"{NAME}, tiene un lugar reservado.")
    expect(page.get_by_role("link", name="https://meet.example.org/spring")).to_be_visible()
    registration = Registration.objects.get(email=EMAIL)
    assert registration.status == "confirmed" and registration.needs_interpretation
    assert registration.language == "es"


@pytest.mark.parametrize("language", ["en", "es"])
def test_event_pages_have_no_serious_accessibility_violations_on_a_phone(
        phone_page, site, language, smtp_server):
    event = factories.event_create(slug="spring-convening", capacity=5)
    factories.question_create(event, kind="choice", required=True,
                              choices="Policy\nFamilies", choices_es="Política\nFamilias")
    factories.event_create(slug="past-one", title="Winter Convening")
    registration = factories.registration_create(event)
    found = []
    for path in ["/events/", "/events/spring-convening/", "/events/past/",
                 f"/events/r/{registration.token}/", "/events/r/not-a-token/"]:
        phone_page.goto(f"{site}/{language}{path}")
        found += serious_violations(phone_page)
    # The form with its error summary showing.
    phone_page.goto(f"{site}/{language}/events/spring-convening/")
    phone_page.locator("form.stacked button[type=submit]").tap()
    expect(phone_page.locator("#error-summary")).to_be_visible()
    found += serious_violations(phone_page)

    assert not found, "\n".join(found)
