"""Staff keep each organization's membership record, with its history."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from alianza.coalition.models import MembershipStatusChange, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db) -> Organization:
    return Organization.objects.create(name="Families In Schools", membership_status="member")


def detail(organization: Organization) -> str:
    return reverse("coalition-organization-detail", args=[organization.pk])


def test_staff_can_mark_a_member_as_lapsed_with_a_reason(staff_client, member):
    response = staff_client.post(detail(member), {"status": "lapsed", "reason": "Dues unpaid"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.membership_status == "lapsed"
    change = MembershipStatusChange.objects.get(organization=member)
    assert (change.from_status, change.to_status, change.reason) == ("member", "lapsed",
                                                                     "Dues unpaid")
    assert "Dues unpaid" in staff_client.get(detail(member)).content.decode()


def test_a_lapsed_member_can_be_reinstated(staff_client, member):
    staff_client.post(detail(member), {"status": "lapsed", "reason": "Dues unpaid"})
    staff_client.post(detail(member), {"status": "member", "reason": "Paid"})

    member.refresh_from_db()
    assert member.membership_status == "member"
    assert MembershipStatusChange.objects.filter(organization=member).count() == 2


def test_a_change_needs_a_reason(staff_client, member):
    response = staff_client.post(detail(member), {"status": "lapsed", "reason": "  "})

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.membership_status == "member"


def test_a_move_not_allowed_from_the_current_status_is_refused(staff_client, member):
    response = staff_client.post(detail(member), {"status": "declined", "reason": "x"})

    assert response.status_code == 400
    assert not MembershipStatusChange.objects.exists()


def test_the_list_filters_by_membership_status(staff_client, member):
    Organization.objects.create(name="Applicant", membership_status="applied")

    page = staff_client.get(reverse("coalition-organizations"), {"status": "member"})

    assert "Families In Schools" in page.content.decode()
    assert "Applicant" not in page.content.decode()


@pytest.mark.parametrize("persona", ["lead_client", "member_client"])
def test_people_who_are_not_staff_cannot_see_or_change_organizations(
    request, persona, member
):
    client = request.getfixturevalue(persona)

    assert client.get(reverse("coalition-organizations")).status_code == 403
    assert client.post(detail(member), {"status": "lapsed", "reason": "x"}).status_code == 403
    member.refresh_from_db()
    assert member.membership_status == "member"


def test_anonymous_visitors_are_sent_to_log_in(client, member):
    response = client.get(detail(member))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
