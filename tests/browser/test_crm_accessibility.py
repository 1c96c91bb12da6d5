"""axe-core finds no serious or critical problem on the staff's people and email pages and
the workgroup leads' pages, in both languages, on a phone and a desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import (
    Organization,
    Person,
    Workgroup,
    WorkgroupMembership,
)
from alianza.outreach.models import Mailing, MailingList, Segment
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_outreach_staff_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def crm_objects(workgroup: Workgroup) -> dict[str, object]:
    organization = Organization.objects.create(name="Familias Unidas", website="https://example.org")
    ana = Person.objects.create(name="Ana García", email="ana@example.org", phone="555-0100",
                                preferred_language="es", county="Los Angeles")
    twin = Person.objects.create(name="Ana Garcia", email="ana.garcia@example.org",
                                 phone="555-0100", preferred_language="es")
    ana.organizations.add(organization)
    WorkgroupMembership.objects.create(workgroup=workgroup, person=ana, language="es",
                                       status=WorkgroupMembership.Status.CONFIRMED)
    MailingList.objects.create(slug="policy-group", workgroup=workgroup)
    segment = Segment.objects.create(name="Everyone", definition={})
    draft = Mailing.objects.create(name="November news", segment=segment)
    draft.contents.create(language="en", subject="Hello {{ name }}",
                          body_markdown="# News\n\n[[Read more](https://example.org/news)]")
    draft.contents.create(language="es", subject="Hola {{ name }}",
                          body_markdown="# Noticias\n\n[[Leer más](https://example.org/news)]")
    return {"person": ana, "twin": twin, "organization": organization, "mailing": draft,
            "workgroup": workgroup}


def crm_paths(objects: dict) -> list[str]:
    person, mailing, group = objects["person"], objects["mailing"], objects["workgroup"]
    return [
        reverse("coalition-people"),
        reverse("coalition-people") + "?q=garcia&language=es",
        reverse("coalition-person", args=[person.pk]),
        reverse("coalition-person-duplicates"),
        reverse("coalition-person-merge", args=[person.pk, objects["twin"].pk]),
        reverse("coalition-organization-profile", args=[objects["organization"].pk]),
        reverse("coalition-workgroup-roster", args=[group.slug]),
        reverse("coalition-workgroup-meeting", args=[group.slug]),
        reverse("outreach-workgroup-email", args=[group.slug]),
        reverse("outreach-staff-mailing-edit", args=[mailing.pk]),
        reverse("outreach-staff-mailing-preview", args=[mailing.pk]),
    ]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_people_and_email_staff_pages_have_no_serious_accessibility_violations(
    request, site, staff_user, crm_objects, language, size
):
    page = request.getfixturevalue(f"{size}_page")
    log_in(page, site, staff_user, reverse("coalition-people"))
    with translation.override(language):
        paths = crm_paths(crm_objects)
    found = []
    for path in paths:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language, path
        found += serious_violations(page)
    assert found == []
