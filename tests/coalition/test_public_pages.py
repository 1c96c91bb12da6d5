"""The coalition's public pages: structure, member directory, workgroups."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.coalition.models import Organization, WorkgroupMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations(db):
    Organization.objects.create(name="Californians Together", coalition_role="lead",
                                membership_status="member")
    Organization.objects.create(name="Promesa Boyle Heights", coalition_role="advisory")
    Organization.objects.create(name="Families In Schools", membership_status="member",
                                kind="nonprofit", county="Los Angeles")
    Organization.objects.create(name="Applicant Org", membership_status="applied")
    Organization.objects.create(name="Lapsed Org", membership_status="lapsed")


def test_the_about_page_lists_leads_and_the_advisory_committee(client, organizations):
    page = client.get(reverse("coalition-about")).content.decode()

    assert "Californians Together" in page
    assert "Promesa Boyle Heights" in page
    assert "2 member organizations" in page


def test_the_member_directory_shows_only_current_members(client, organizations):
    page = client.get(reverse("coalition-members")).content.decode()

    assert "Families In Schools" in page and "Californians Together" in page
    assert "Applicant Org" not in page and "Lapsed Org" not in page


def test_the_member_directory_can_be_searched_and_filtered(client, organizations):
    page = client.get(reverse("coalition-members"), {"q": "families"}).content.decode()
    assert "Families In Schools" in page and "Californians Together" not in page

    page = client.get(reverse("coalition-members"), {"kind": "nonsense"}).content.decode()
    assert "Families In Schools" in page  # an unknown filter is ignored, not an error


def test_workgroups_show_their_text_in_the_readers_language(client, workgroup):
    assert "Policy Workgroup" in client.get("/en/workgroups/").content.decode()
    assert "Grupo de trabajo de políticas" in client.get("/es/workgroups/").content.decode()


def test_a_workgroup_falls_back_to_english_when_untranslated(client, other_workgroup):
    assert "Grassroots Organizing Workgroup" in client.get("/es/workgroups/").content.decode()


def test_signing_up_for_a_workgroup_twice_keeps_one_membership(client, workgroup):
    url = reverse("coalition-workgroup-signup", args=[workgroup.slug])
    data = {"name": "Luis Tran", "email": "luis@example.org", "organization_name": "CABE"}

    first = client.post(url, data)
    second = client.post(url, {**data, "email": "LUIS@example.org"})

    assert first.status_code == 302 and second.status_code == 302
    membership = WorkgroupMembership.objects.get()
    assert membership.person.email == "luis@example.org"
    assert membership.submitted_organization == "CABE"


def test_a_workgroup_signup_with_errors_keeps_what_was_typed(client, workgroup):
    url = reverse("coalition-workgroup-signup", args=[workgroup.slug])

    response = client.post("/es" + url[3:], {"name": "Luis Tran", "email": "nope"})

    assert response.status_code == 400
    assert "Luis Tran" in response.content.decode()
    assert WorkgroupMembership.objects.count() == 0


def test_the_home_page_shows_the_coalitions_figures(client, statement, organizations):
    page = client.get("/en/").content.decode()

    assert "member organizations" in page
    assert "Statement of Agreement" in page


def test_the_signatory_list_paginates_and_searches(client, statement):
    from django.utils import timezone

    from alianza.coalition.models import Person, Signature

    version = statement.versions.get()
    for index in range(120):
        person = Person.objects.create(name=f"Signer {index:03d}", email=f"s{index}@example.org")
        Signature.objects.create(
            statement=statement, version=version, person=person, status="confirmed",
            listed=True, language="en", source="test", confirmed_at=timezone.now(),
        )
    url = reverse("coalition-signatories")

    first = client.get(url).content.decode()
    third = client.get(url, {"page": 3}).content.decode()
    search = client.get(url, {"q": "Signer 007"}).content.decode()
    partial = client.get(url, {"q": "Signer 007"}, headers={"HX-Request": "true"})

    assert "120 listed signatories" in first and "Page 1 of 3" in first
    assert "Page 3 of 3" in third
    assert "Signer 007" in search and "Signer 008" not in search
    assert "<html" not in partial.content.decode()  # HTMX gets just the results
