"""Personas and responses for the partners tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from alianza.core import roles
from alianza.listening.models import Response, Survey


def client_for(username: str, *role_names: str) -> Client:
    user = get_user_model().objects.create_user(username, f"{username}@example.org",
                                                is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=role_names))
    client = Client()
    client.force_login(user)
    return client


def listening_client(username: str = "lucia") -> Client:
    return client_for(username, roles.LISTENING)


def responses_add(survey: Survey, *, partner=None, submitted: int = 0,
                  in_progress: int = 0) -> None:
    version = survey.current_version
    Response.objects.bulk_create(
        [Response(survey=survey, version=version, partner=partner, language="es",
                  status=Response.Status.SUBMITTED) for _ in range(submitted)]
        + [Response(survey=survey, version=version, partner=partner, language="en")
           for _ in range(in_progress)])
