"""``manage.py api_token``: prints a new token, lists and revokes a user's tokens."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alianza.core.models import ApiToken
from tests.osdi.conftest import OsdiClient

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_the_command_prints_a_working_token_with_the_scopes_asked(osdi_staff_user):
    secret = _run(osdi_staff_user.username, "--name", "Sync", "--scope", "people:read",
                  "--scope", "tags:write")
    token = ApiToken.objects.get()
    assert token.name == "Sync" and token.scopes == ["people:read", "tags:write"]
    assert secret.startswith(token.prefix)
    assert OsdiClient(secret).get("").status_code == 200


def test_the_command_lists_and_revokes_by_prefix(osdi_staff_user):
    secret = _run(osdi_staff_user.username)
    listing = _run(osdi_staff_user.username, "--list")
    assert secret[:12] in listing and "active" in listing and secret not in listing
    _run(osdi_staff_user.username, "--revoke", secret[:10])
    assert "revoked" in _run(osdi_staff_user.username, "--list")
    assert OsdiClient(secret).get("").status_code == 401


def test_the_command_refuses_unknown_scopes_and_non_staff(osdi_staff_user, django_user_model):
    with pytest.raises(CommandError):
        _run(osdi_staff_user.username, "--scope", "donations:read")
    django_user_model.objects.create_user(username="visitor")
    with pytest.raises(CommandError):
        _run("visitor")
    assert not ApiToken.objects.exists()
