"""On a phone at the door: a staff member checks two people in by name and adds a walk-in;
the attendance figure follows."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from alianza.convenings.models import Registration
from tests.browser.conftest import es
from tests.conftest import PASSWORD
from tests.convenings.staff_factories import make_event, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_staff_member_checks_people_in_on_a_phone(phone_page, site, django_user_model):
    from django.contrib.auth.models import Group

    from alianza.core.roles import COALITION_STAFF

    user = django_user_model.objects.create_user("door", "door@example.org", PASSWORD,
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name=COALITION_STAFF))
    event = make_event(days=0.02)
    for name in ("Ana Ruiz", "Tomás Vega", "Rosa Castillo"):
        register(event, name)
    page = phone_page
    path = reverse("events-staff-checkin", args=[event.pk]).replace("/en/", "/es/")
    page.goto(site + path)
    page.locator("#id_username").fill("door")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    figure = page.locator("#attendance-figure .big-number")
    expect(figure).to_have_text("0 de 3 han llegado")

    for name in ("Ana", "Tomás"):
        page.get_by_label(es("Find a name, email or organization")).fill(name)
        page.get_by_role("button", name=es("Search"), exact=True).click()
        page.get_by_role("button", name=re.compile(es("Mark attended"))).first.click()
    expect(figure).to_have_text("2 de 3 han llegado")

    page.get_by_text(es("Add a walk-in")).click()
    page.locator("#walk_in_name").fill("Lucía Campos")
    page.locator("#walk_in_organization_name").fill("Padres Unidos")
    page.get_by_role("button", name=es("Add and check in")).click()
    expect(figure).to_have_text("3 de 4 han llegado")
    walk_in = Registration.objects.get(is_walk_in=True)
    assert walk_in.name == "Lucía Campos" and walk_in.attended_at is not None
    assert set(Registration.objects.filter(attended_at__isnull=False).values_list(
        "name", flat=True)) == {"Ana Ruiz", "Tomás Vega", "Lucía Campos"}
    # Big enough for a thumb: the check-in buttons are at least 44 px tall.
    page.get_by_label(es("Find a name, email or organization")).fill("Rosa")
    page.get_by_role("button", name=es("Search"), exact=True).click()
    box = page.get_by_role("button", name=re.compile(es("Mark attended"))).bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
