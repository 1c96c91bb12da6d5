"""In a real browser: the segment count follows the builder's choices, and the email staff
pages have no serious accessibility problem."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from alianza.outreach.models import Delivery, MailingList, Suppression
from alianza.outreach.selectors import segment_resolve
from alianza.outreach.services import sending
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD
from tests.outreach.conftest import (  # noqa: F401 - fixtures shared with the outreach tests
    mailing,
    profile,
    sink,
    subscribe,
    subscribers,
    updates,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, address: str, user, path: str) -> None:
    page.goto(address + path)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_the_segment_count_follows_the_choices_in_the_builder(
    desktop_page, site, staff_user, updates  # noqa: F811 - the fixture imported above
):
    alerts = MailingList.objects.create(slug="alerts")
    subscribe(updates, "a@example.org", "A")
    subscribe(updates, "b@example.org", "B")
    subscribe(alerts, "b@example.org", "B")
    subscribe(alerts, "c@example.org", "C", status="pending")
    page = desktop_page
    log_in(page, site, staff_user, reverse("outreach-staff-segment-new"))
    count = page.locator("#segment-count")

    page.get_by_label("updates").check()
    expect(count.locator(".big-number")).to_have_text("2")

    page.get_by_label("alerts").check()
    both = segment_resolve(definition={"lists": ["alerts", "updates"]})
    expect(count.locator(".big-number")).to_have_text(str(both.count))
    expect(count.locator('[data-reason="duplicate"] td')).to_have_text("1")
    expect(count.locator('[data-reason="unconfirmed"] td')).to_have_text("1")


def test_the_email_staff_pages_have_no_serious_accessibility_violations(
    desktop_page, site, staff_user, sink, mailing, subscribers  # noqa: F811 - fixtures
):
    sending.mailing_start(mailing_id=mailing.pk)
    draft = type(mailing).objects.create(name="Draft", segment=mailing.segment)
    draft.contents.create(language="en", subject="Hello {{ name }}", html_body="<p>Hi</p>")
    suppression = Suppression.objects.create(address="x@example.org", reason="complaint")
    assert Delivery.objects.filter(mailing=mailing).count() == 3
    page = desktop_page
    log_in(page, site, staff_user, reverse("outreach-staff-mailings"))
    found = []
    for path in [
        reverse("outreach-staff-mailings"), reverse("outreach-staff-mailing-new"),
        reverse("outreach-staff-mailing", args=[draft.pk]),
        reverse("outreach-staff-mailing-preview", args=[draft.pk]) + "?language=es",
        reverse("outreach-staff-mailing-report", args=[mailing.pk]),
        reverse("outreach-staff-segments"),
        reverse("outreach-staff-segment", args=[mailing.segment.pk]),
        reverse("outreach-staff-lists"), reverse("outreach-staff-list-new"),
        reverse("outreach-staff-suppressions"),
        reverse("outreach-staff-suppression", args=[suppression.pk]),
    ]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        found += serious_violations(page)
    assert found == []
