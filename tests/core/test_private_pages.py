"""Pages about people are never kept by a cache: Cache-Control: private, no-store."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.coalition.models import Person
from alianza.outreach.services import tokens

pytestmark = pytest.mark.django_db


def is_private(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return "private" in cache_control and "no-store" in cache_control


def test_the_signed_preferences_page_is_never_cached(client):
    person = Person.objects.create(name="María López", email="maria@example.org")
    url = reverse("outreach-preferences", args=[tokens.preferences_token(person.pk,
                                                                          person.email)])
    response = client.get(url)

    assert response.status_code == 200 and "maria@example.org" in response.content.decode()
    assert is_private(response)


@pytest.mark.parametrize("name", ["outreach-preferences", "outreach-confirm",
                                  "outreach-unsubscribe", "coalition-confirm",
                                  "coalition-withdraw"])
def test_pages_reached_through_a_personal_link_are_never_cached(client, name):
    # Whatever the link's state, the answer may name a person: no cache keeps it.
    response = client.get(reverse(name, args=["not-a-real-token"]))
    assert response.status_code < 500
    assert is_private(response)


def test_roster_pages_and_their_csv_are_never_cached(lead_client, workgroup):
    workgroup.memberships.create(
        person=Person.objects.create(name="Ben Carter", email="ben@example.org"), language="en")
    for name in ["coalition-workgroup-roster", "coalition-workgroup-roster-csv"]:
        response = lead_client.get(reverse(name, args=[workgroup.slug]))
        assert response.status_code == 200
        assert is_private(response), name
    assert is_private(lead_client.get(reverse("coalition-my-workgroups")))


def test_staff_pages_their_refusals_and_login_redirects_are_never_cached(client, staff_client):
    url = reverse("coalition-staff-dashboard")
    assert is_private(client.get(url))  # anonymous: sent to log in
    assert is_private(staff_client.get(url))
    assert is_private(staff_client.get(reverse("outreach-staff-mailings")))
    assert is_private(staff_client.get(reverse("evidence-staff-runs")))


def test_any_page_shown_to_someone_signed_in_is_private(lead_client, client):
    # A public page rendered for a signed-in person differs from what visitors get (its menu,
    # its CSRF token): a shared cache must not hand it to the next visitor.
    assert is_private(lead_client.get(reverse("coalition-about")))


def test_public_pages_for_visitors_stay_cacheable(client):
    assert not is_private(client.get(reverse("coalition-about")))
