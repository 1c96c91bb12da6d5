"""A membership application whose contact's claim to speak for the organization is still
waiting: the review page says so, and approving the application accepts the claim."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Affiliation,
    AffiliationClaim,
    MembershipApplication,
    Organization,
    Person,
    Signature,
)
from alianza.coalition.services.membership import membership_apply

# Decisions email the applicant after the transaction commits.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

ROSA = "rosa@familias-unidas.example.org"


@pytest.fixture
def claimed(statement) -> MembershipApplication:
    """Rosa applied for an organization already on file; staff have not accepted her claim
    to speak for it, and the signature she made for it waits on that claim."""
    organization = Organization.objects.create(name="Familias Unidas", kind="parent_group")
    rosa = Person.objects.create(name="Rosa Castillo", email=ROSA, preferred_language="es",
                                 email_confirmed_at=timezone.now())
    AffiliationClaim.objects.create(person=rosa, organization=organization, title="Directora")
    Signature.objects.create(statement=statement, version=statement.versions.get(), person=rosa,
                             organization=organization, status=Signature.Status.PENDING,
                             language="es", source="join-form")
    membership_apply(organization=organization, contact=rosa, mission_alignment="Familias.",
                     is_nonprofit=True, language="es", source="join-form")
    return MembershipApplication.objects.get(organization=organization)


def detail_url(application: MembershipApplication, language: str = "en") -> str:
    with translation.override(language):
        return reverse("coalition-application-detail", args=[application.pk])


def test_the_page_says_the_contacts_claim_is_not_accepted_yet(staff_client, claimed):
    page = staff_client.get(detail_url(claimed)).content.decode()

    assert 'id="claim-pending"' in page
    assert "Staff have not yet accepted that Rosa Castillo speaks for Familias Unidas" in page
    assert "Title given: Directora." in page
    assert "Approving this application also accepts that claim." in page
    spanish = staff_client.get(detail_url(claimed, "es")).content.decode()
    assert "El personal aún no ha aceptado que Rosa Castillo hable en nombre de" in spanish


def test_approving_the_application_accepts_the_claim_too(staff_client, claimed, staff_user,
                                                         smtp_server):
    response = staff_client.post(detail_url(claimed), {"action": "decide",
                                                       "decision": "approve"})

    assert response.status_code == 302
    claim = AffiliationClaim.objects.get()
    assert (claim.status, claim.decided_by) == (AffiliationClaim.Status.ACCEPTED, staff_user)
    affiliation = Affiliation.objects.get()
    assert (affiliation.person.email, affiliation.title) == (ROSA, "Directora")
    assert Signature.objects.get().status == Signature.Status.CONFIRMED
    assert MembershipApplication.objects.get().status == MembershipApplication.Status.APPROVED
    assert Organization.objects.get().membership_status == Organization.Membership.MEMBER
    page = staff_client.get(response["Location"]).content.decode()
    assert 'id="claim-pending"' not in page


def test_declining_the_application_leaves_the_claim_for_staff(staff_client, claimed,
                                                              smtp_server):
    staff_client.post(detail_url(claimed), {"action": "decide", "decision": "decline",
                                            "reason": "Outside our region."})

    assert AffiliationClaim.objects.get().status == AffiliationClaim.Status.PENDING
    assert not Affiliation.objects.exists()
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_an_accepted_contact_gets_no_notice(staff_client, claimed):
    claim = AffiliationClaim.objects.get()
    AffiliationClaim.objects.filter(pk=claim.pk).update(status=AffiliationClaim.Status.ACCEPTED)

    assert 'id="claim-pending"' not in staff_client.get(detail_url(claimed)).content.decode()
