"""The dashboard's "waiting" figures count what is really waiting now that signatures are
only created on confirmation: join requests not yet confirmed, and claims for staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import AffiliationClaim, JoinConfirmation, Organization, Person
from alianza.coalition.services.tokens import CONFIRM_MAX_AGE

pytestmark = pytest.mark.django_db

DASHBOARD = "coalition-staff-dashboard"


def request_to_join(email: str, statement=None, *, confirmed: bool = False,
                    age: timedelta = timedelta(0)) -> JoinConfirmation:
    row = JoinConfirmation.objects.create(
        email=email, statement_id=statement.pk if statement else None, payload={},
        emailed=True, confirmed_at=timezone.now() if confirmed else None)
    if age:
        JoinConfirmation.objects.filter(pk=row.pk).update(created_at=timezone.now() - age)
    return row


def test_unconfirmed_join_requests_and_pending_claims_are_counted(staff_client, statement):
    request_to_join("a@example.org", statement)
    request_to_join("b@example.org", statement)
    request_to_join("c@example.org")  # only asked for updates
    request_to_join("done@example.org", statement, confirmed=True)
    request_to_join("dead@example.org", statement,
                    age=timedelta(seconds=CONFIRM_MAX_AGE + 60))  # its link no longer works
    organization = Organization.objects.create(name="Familias Unidas")
    claimer = Person.objects.create(name="Claimer", email="claimer@example.org")
    AffiliationClaim.objects.create(person=claimer, organization=organization, title="Director")
    decided = Person.objects.create(name="Decided", email="decided@example.org")
    AffiliationClaim.objects.create(person=decided, organization=organization,
                                    status=AffiliationClaim.Status.DECLINED)

    response = staff_client.get(reverse(DASHBOARD))

    figures = response.context["figures"]
    assert figures.waiting_confirmation == 3
    assert figures.pending_claims == 1
    assert figures.statements[0].pending == 2
    page = response.content.decode()
    assert "join requests waiting for the person to confirm by email" in page
    assert reverse("coalition-organization-detail", args=[organization.pk]) in page


def test_the_waiting_figures_are_labelled_in_spanish(staff_client, statement):
    request_to_join("a@example.org", statement)
    with translation.override("es"):
        url = reverse(DASHBOARD)

    page = staff_client.get(url).content.decode()

    assert "solicitudes de adhesión en espera de que la persona confirme" in page
    assert "solicitudes para hablar en nombre de una organización" in page
