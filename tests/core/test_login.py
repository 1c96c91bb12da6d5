"""Staff and workgroup leads log in through the site's own bilingual login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_workgroup_lead_can_log_in_and_reach_their_roster(client, lead_user, workgroup):
    roster = reverse("coalition-workgroup-roster", args=[workgroup.slug])

    response = client.post(
        reverse("core-login"), {"username": "lead", "password": PASSWORD, "next": roster}
    )

    assert response.status_code == 302 and response["Location"] == roster
    assert client.get(roster).status_code == 200


def test_a_wrong_password_is_refused_in_spanish(client, lead_user):
    response = client.post("/es/accounts/login/", {"username": "lead", "password": "nope"})

    assert response.status_code == 200
    assert "Por favor, introduzca un nombre de usuario y clave correctos" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_the_login_page_never_redirects_elsewhere(client, lead_user):
    response = client.post(
        reverse("core-login"),
        {"username": "lead", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("core-home")


def test_logged_in_leads_see_a_link_to_their_workgroups(lead_client):
    page = lead_client.get(reverse("core-home")).content.decode()

    assert reverse("coalition-my-workgroups") in page
