"""A staff member finds a person on the people list, tags them and adds them to a list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from alianza.coalition.models import Consent, Person
from alianza.outreach.models import MailingList, MailingListText, Subscription, Tag
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people() -> Person:
    for index in range(30):
        Person.objects.create(name=f"Someone Else {index}", email=f"else{index}@example.org")
    rosa = Person.objects.create(name="Rosa Méndez", email="rosa@example.org",
                                 preferred_language="es", email_confirmed_at=timezone.now())
    Consent.objects.create(person=rosa, kind="email", scope="updates", granted=True,
                           wording="Send me updates", language="es", source="join-form")
    updates = MailingList.objects.create(slug="policy-alerts")
    MailingListText.objects.create(mailing_list=updates, language="en", name="Policy alerts")
    return rosa


def test_staff_find_a_person_then_tag_them_and_add_them_to_a_list(desktop_page, site,
                                                                  staff_user, people):
    page = desktop_page
    with translation.override("en"):
        url = reverse("coalition-people")
    page.goto(site + url)
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))

    page.get_by_label("Search by name, email or organization").fill("rosa mendez")
    page.get_by_label("Search by name, email or organization").press("Enter")
    expect(page.locator(".people-count")).to_have_text("1 person matches.")
    row = page.locator("table.people-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="Rosa Méndez")).to_be_visible()

    row.get_by_role("checkbox").check()
    page.get_by_label("Action").select_option(label="Add a tag")
    # Only the chosen action's options are shown.
    expect(page.get_by_role("combobox", name=re.compile(r"^Mailing list"))).to_be_hidden()
    page.get_by_role("textbox", name=re.compile(r"^Tag")).fill("Parent leaders")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("main")).to_contain_text("1 person newly tagged “Parent leaders”")
    # The search is kept after the action.
    expect(page.get_by_label("Search by name, email or organization")).to_have_value(
        "rosa mendez")

    page.locator("table.people-table tbody tr").get_by_role("checkbox").check()
    page.get_by_label("Action").select_option(label="Add to a mailing list")
    page.get_by_role("combobox", name=re.compile(r"^Mailing list")).select_option(
        label="Policy alerts")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("main")).to_contain_text("1 person added to “Policy alerts”.")

    assert list(Tag.objects.get(name="Parent leaders").people.all()) == [people]
    assert Subscription.objects.get(mailing_list__slug="policy-alerts").person == people
