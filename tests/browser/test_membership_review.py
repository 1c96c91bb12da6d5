"""A staff member logs in and approves a membership application from the review queue."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from alianza.coalition.models import MembershipApplication, Organization, Person
from alianza.coalition.services.membership import membership_apply
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANIZATION = "Padres Unidos de Fresno"


@pytest.fixture
def application() -> MembershipApplication:
    organization = Organization.objects.create(name=ORGANIZATION, kind="parent_group")
    contact = Person.objects.create(name="Rosa Méndez", email="rosa@example.org",
                                    preferred_language="es")
    membership_apply(
        organization=organization, contact=contact,
        mission_alignment="Organizamos a familias por programas bilingües.",
        is_nonprofit=True, language="es", source="join-form",
    )
    return organization.applications.get()


def test_a_staff_member_logs_in_and_approves_an_application(
    desktop_page, site, staff_user, application, smtp_server
):
    page = desktop_page
    with translation.override("en"):
        queue = reverse("coalition-applications")
        members = reverse("coalition-members")
    page.goto(site + queue)

    # Staff pages send visitors to the log-in page first, then back.
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(queue) + "$"))

    page.get_by_role("link", name=ORGANIZATION).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(queue)}{application.pk}/$"))
    expect(page.locator("main")).to_contain_text("Organizamos a familias por programas bilingües.")
    expect(page.get_by_text("Decline", exact=True).first).to_be_visible()
    # The decision is either a choice plus a submit button, or one button per decision.
    approve_choice = page.get_by_role("radio", name="Approve", exact=True)
    if approve_choice.count():
        approve_choice.check()
        page.locator("main form button[type=submit]").first.click()
    else:
        page.get_by_role("button", name="Approve", exact=True).click()

    expect(page.locator("main")).to_contain_text(ORGANIZATION)
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == staff_user
    assert application.organization.membership_status == Organization.Membership.MEMBER

    # The applicant hears about it in her own language.
    [message] = smtp_server.to("rosa@example.org")
    assert message["Content-Language"] == "es"

    # The organization leaves the queue and appears in the public member directory.
    page.goto(site + queue)
    expect(page.get_by_role("link", name=ORGANIZATION)).to_have_count(0)
    page.goto(site + members)
    expect(page.locator("main")).to_contain_text(ORGANIZATION)
