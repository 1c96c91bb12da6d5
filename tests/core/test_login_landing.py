"""After logging in, staff land on their dashboard and everyone else on the home page,
unless the login page was given a safe ``next``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from alianza.core.roles import COALITION_STAFF, DATA_ANALYST
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client, username: str, next_url: str | None = None, language: str = "en"):
    data = {"username": username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post(f"/{language}/accounts/login/", data)


def _staff(django_user_model, name: str, role: str):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD,
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_coalition_staff_land_on_the_staff_dashboard_in_their_language(
    client, django_user_model
):
    _staff(django_user_model, "carmen", COALITION_STAFF)

    response = _log_in(client, "carmen", language="es")

    assert response.status_code == 302
    assert response["Location"] == "/es/staff/"


def test_a_superuser_lands_on_the_staff_dashboard(client, staff_user):
    assert _log_in(client, "staff")["Location"] == reverse("coalition-staff-dashboard")


def test_staff_without_a_dashboard_land_on_the_first_page_their_permissions_open(
    client, django_user_model
):
    user = django_user_model.objects.create_user("ana", "ana@example.org", PASSWORD,
                                                 is_staff=True)
    user.user_permissions.add(*Group.objects.get(name=DATA_ANALYST).permissions.filter(
        codename="import_dataset"))

    response = _log_in(client, "ana")

    assert response["Location"] == reverse("evidence-staff-datasets")
    assert client.get(response["Location"]).status_code == 200


def test_a_workgroup_lead_lands_on_the_home_page(client, lead_user):
    assert _log_in(client, "lead")["Location"] == reverse("core-home")


def test_a_safe_next_wins_over_the_dashboard(client, staff_user):
    target = reverse("library-staff-resources")

    assert _log_in(client, "staff", next_url=target)["Location"] == target


def test_a_next_on_another_host_is_ignored_and_staff_land_on_their_dashboard(
    client, staff_user
):
    for unsafe in ("https://evil.example/", "//evil.example/staff/", "javascript:alert(1)"):
        client.logout()
        response = _log_in(client, "staff", next_url=unsafe)
        assert response["Location"] == reverse("coalition-staff-dashboard"), unsafe
