"""The public bill pages in a real Chromium: they fit a 390 px phone, have no serious axe
violation in either language, and the filters work by keyboard and touch."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from alianza.library.models import Resource, ResourceText
from alianza.policy.models import (
    BillPosition,
    BillVersion,
    BillVote,
    Hearing,
    IssueArea,
    Sponsorship,
)
from tests.browser import conftest as browser_fixtures
from tests.browser.test_accessibility import serious_violations, sideways_scroll
from tests.policy import factories_d as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The browser fixtures live with the browser tests; this module borrows them.
browser = browser_fixtures.browser
phone_page = browser_fixtures.phone_page
site = browser_fixtures.site
SHOTS = Path(os.environ.get("POLICY_BILL_SHOTS", "/work/shots/policy-bills"))


@pytest.fixture
def tracked(db):
    funding = IssueArea.objects.create(slug="funding", name="Funding", name_es="Financiamiento")
    bill = f.bill_create(
        "AB 1947", short_title_en="Funding for English learners",
        summary_en="Adds funding for English learners in every district. " * 4,
        summary_es="Aumenta los fondos para estudiantes de inglés en cada distrito. " * 4,
        short_title_es="Fondos para estudiantes de inglés", issue_areas=(funding,))
    f.bill_create("AB 2071", status="passed_one_chamber",
                  short_title_en="Newcomer support", summary_en="Creates a newcomer program.")
    f.action_create(bill, datetime.date(2024, 2, 12), "Introduced. Read first time. To print.")
    f.action_create(bill, datetime.date(2024, 3, 4),
                    "Referred to Coms. on ED. and APPR.", order=2)
    Hearing.objects.create(bill=bill, body="Assembly Education Committee",
                           location="1021 O Street, Room 1100",
                           starts_at=timezone.make_aware(datetime.datetime(2024, 4, 17, 13, 30)))
    BillVote.objects.create(bill=bill, motion="Do pass as amended and re-refer to APPR.",
                            passed=True, date=datetime.date(2024, 4, 17),
                            organization="Assembly Education",
                            counts={"yes": 7, "no": 0, "not voting": 0})
    BillVersion.objects.create(bill=bill, note="Amended in Assembly",
                               date=datetime.date(2024, 4, 18),
                               url="https://leginfo.legislature.ca.gov/x")
    Sponsorship.objects.create(bill=bill, name="Muratsuchi", primary=True)
    BillPosition.objects.create(bill=bill, position="watch",
                                set_at=timezone.now() - datetime.timedelta(days=40))
    position = BillPosition.objects.create(bill=bill, position="support",
                                           note="We back it.", note_es="La apoyamos.")
    letter = Resource.objects.create(slug="letter", kind="brief", is_published=True,
                                     published_on=datetime.date(2024, 3, 1))
    ResourceText.objects.create(resource=letter, language="en", title="Our letter of support")
    position.letters.add(letter)
    return bill


PAGES = [("bills", "/{lang}/policy/bills/"),
         ("bills-filtered", "/{lang}/policy/bills/?status=in_committee&position=support"),
         ("bill", "/{lang}/policy/bills/20232024/ab-1947/")]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [390, 1280])
def test_bill_pages_fit_the_screen_and_have_no_serious_violations(browser, site, tracked,
                                                                  language, width):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone,
        has_touch=phone, device_scale_factor=2 if phone else 1)
    context.set_default_timeout(10_000)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    found, overflowing = [], []
    try:
        for key, path in PAGES:
            url = path.format(lang=language)
            response = page.goto(site + url)
            assert response.status == 200, url
            assert page.locator("html").get_attribute("lang") == language
            if overflow := sideways_scroll(page):
                overflowing.append(f"{url} scrolls sideways by {overflow}px at {width}px")
            found += serious_violations(page)
            page.screenshot(path=str(SHOTS / f"{key}-{language}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert overflowing == [], "\n".join(overflowing)
    assert found == [], "\n".join(found)


def test_a_phone_reader_filters_the_list_and_shares_the_address(phone_page, site, tracked):
    page = phone_page
    page.goto(site + "/es/policy/bills/")
    assert page.locator(".bill-card").count() == 2
    page.select_option("#id_status", "passed_one_chamber")
    page.get_by_role("button", name="Mostrar proyectos de ley").click()
    page.wait_for_url("**status=passed_one_chamber**")
    assert page.locator(".bill-card").count() == 1
    assert "AB 2071" in page.locator(".bill-card").inner_text()
    shared = page.url
    page.goto(site + "/")
    page.goto(shared)
    assert page.locator(".bill-card").count() == 1
