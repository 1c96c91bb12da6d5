"""Staff of each role, signed in, for the builder tests."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.test import Client

from alianza.core.roles import LISTENING


def member_of(django_user_model, role: str = LISTENING, *, username: str = "",
              language: str = "en") -> Client:
    user = django_user_model.objects.create_user(
        username or role.lower().replace(" ", "_"), f"{username or 'staff'}@example.org",
        is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client
