"""A student file run's figures are published by whoever ran it, or by those managing all runs."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from alianza.core.roles import DATA_ANALYST
from alianza.evidence.models import StudentRun

pytestmark = pytest.mark.django_db


def analyst(django_user_model, username: str, *, group: bool = False) -> tuple[Client, object]:
    user = django_user_model.objects.create_user(username, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=DATA_ANALYST))
    else:
        user.user_permissions.add(Permission.objects.get(codename="run_student_rules"))
    client = Client()
    client.force_login(user)
    return client, user


def finished_run(owner) -> StudentRun:
    return StudentRun.objects.create(
        district_code="19647330000000", district_name="Los Angeles Unified",
        original_name="students.csv", layout="alianza", ltel_rule_set="ec-313.1-2024",
        seal_rule_set="seal-2024", status=StudentRun.Status.DONE, created_by=owner)


def publish(client: Client, run: StudentRun):
    return client.post(reverse("evidence-staff-run-publish", args=[run.pk]))


def test_an_analyst_cannot_publish_someone_elses_run(django_user_model):
    _owner_client, owner = analyst(django_user_model, "owner")
    other, _other = analyst(django_user_model, "other")
    run = finished_run(owner)

    assert other.get(reverse("evidence-staff-run", args=[run.pk])).status_code == 200
    response = publish(other, run)

    assert response.status_code == 403
    run.refresh_from_db()
    assert run.published_id is None


def test_the_analyst_who_ran_it_and_the_data_team_may_publish(django_user_model):
    owner_client, owner = analyst(django_user_model, "owner")
    team, _member = analyst(django_user_model, "team", group=True)

    for client in (owner_client, team):
        run = finished_run(owner)
        assert publish(client, run).status_code == 302
        run.refresh_from_db()
        assert run.published_id is not None
