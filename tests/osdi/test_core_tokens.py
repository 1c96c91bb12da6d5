"""API tokens: kept only as a hash, refused once revoked or once their user leaves,
limited to their scopes and their rate, and every write logged."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from alianza.core.models import ApiToken, ApiWriteLog
from alianza.core.osdi.tokens import api_token_create, api_token_revoke
from tests.osdi.conftest import OsdiClient

pytestmark = pytest.mark.django_db
TEST_RESOURCE = pytest.mark.urls("tests.osdi.urls_test_resource")


def test_only_a_hash_of_the_secret_is_stored(osdi_staff_user):
    token, secret = api_token_create(user=osdi_staff_user, name="Sync", scopes=["*"])
    token.refresh_from_db()
    assert secret.startswith("alz_") and len(secret) > 40
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values_list(flat=False).get(pk=token.pk)]
    assert not any(secret in value for value in stored)
    assert token.prefix == secret[:12]


def test_a_request_without_a_token_is_refused(api_client):
    response = api_client.get("", token="")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/hal+json")
    assert "OSDI-API-Token" in response.json()["error"]


def test_an_unknown_token_is_refused(api_client):
    assert api_client.get("", token="alz_not-a-real-token").status_code == 401


def test_a_revoked_token_is_refused(osdi_staff_user):
    token, secret = api_token_create(user=osdi_staff_user, name="Sync", scopes=["*"])
    client = OsdiClient(secret)
    assert client.get("").status_code == 200
    api_token_revoke(token=token, by=osdi_staff_user)
    response = client.get("")
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]


@pytest.mark.parametrize("change", [{"is_active": False}, {"is_staff": False}])
def test_a_token_of_someone_no_longer_active_staff_is_refused(osdi_staff_user, change):
    _token, secret = api_token_create(user=osdi_staff_user, name="Sync", scopes=["*"])
    for field, value in change.items():
        setattr(osdi_staff_user, field, value)
    osdi_staff_user.save()
    assert OsdiClient(secret).get("").status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(osdi_staff_user):
    token, secret = api_token_create(user=osdi_staff_user, name="Sync", scopes=["*"])
    client = OsdiClient(secret)
    client.get("")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    client.get("")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("")
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - timedelta(seconds=1)


@TEST_RESOURCE
def test_a_read_only_token_cannot_write(osdi_token):
    client = OsdiClient(osdi_token(["tags:read"]))
    assert client.get("test_groups").status_code == 200
    response = client.post("test_groups", {"name": "Volunteers"})
    assert response.status_code == 403
    assert "tags:write" in response.json()["error"]
    assert not Group.objects.filter(name="Volunteers").exists()


@TEST_RESOURCE
def test_a_token_without_the_family_can_neither_read_nor_write(osdi_token):
    client = OsdiClient(osdi_token(["people:write"]))
    assert client.get("test_groups").status_code == 403
    assert client.post("test_groups", {"name": "Volunteers"}).status_code == 403


@TEST_RESOURCE
def test_a_write_token_may_also_read(osdi_token):
    client = OsdiClient(osdi_token(["tags:write"]))
    assert client.get("test_groups").status_code == 200
    assert client.post("test_groups", {"name": "Volunteers"}).status_code == 201


@TEST_RESOURCE
def test_the_entry_point_lists_only_what_the_token_may_read(osdi_token):
    links = OsdiClient(osdi_token(["people:read"])).get("").json()["_links"]
    assert "osdi:test_groups" not in links
    links = OsdiClient(osdi_token(["tags:read"])).get("").json()["_links"]
    assert links["osdi:test_groups"]["href"] == "http://testserver/api/osdi/v1/test_groups"


@TEST_RESOURCE
def test_every_write_is_logged_with_its_answer_and_reads_are_not(osdi_staff_user):
    token, secret = api_token_create(user=osdi_staff_user, name="Sync", scopes=["*"])
    client = OsdiClient(secret)
    client.get("test_groups")
    client.post("test_groups", {"name": "Volunteers"})
    client.post("test_groups", {"name": "Volunteers"})  # refused: the group exists
    client.post("test_groups", {"name": "Volunteers", "colour": "red"})
    logged = list(ApiWriteLog.objects.filter(token=token).order_by("pk")
                  .values_list("method", "path", "status"))
    assert logged == [("POST", "/api/osdi/v1/test_groups", 201),
                      ("POST", "/api/osdi/v1/test_groups", 400),
                      ("POST", "/api/osdi/v1/test_groups", 400)]


def test_requests_past_the_rate_limit_get_429_with_retry_after(settings, osdi_token):
    settings.OSDI_RATE_LIMIT = "3/m"
    client = OsdiClient(osdi_token())
    assert [client.get("").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("")
    assert response.status_code == 429
    # One request is earned back every 20 s (a minute over three), not at the minute's end.
    assert 1 <= int(response["Retry-After"]) <= 20
    assert "error" in response.json()
    # Another token has its own count.
    assert OsdiClient(osdi_token()).get("").status_code == 200


def test_refused_requests_do_not_push_the_next_accepted_one_further(settings, osdi_token):
    settings.OSDI_RATE_LIMIT = "2/h"
    client = OsdiClient(osdi_token())
    assert [client.get("").status_code for _ in range(2)] == [200, 200]
    waits = [int(client.get("").headers["Retry-After"]) for _ in range(5)]
    assert all(1_790 <= wait <= 1_800 for wait in waits), waits  # half an hour, each time


def test_a_client_keeping_to_the_rate_is_never_refused(settings, osdi_token):
    from alianza.core.models import ApiRateBucket

    settings.OSDI_RATE_LIMIT = "60/m"
    client = OsdiClient(osdi_token())
    assert client.get("").status_code == 200
    bucket = ApiRateBucket.objects.get()
    for _ in range(200):
        # As if a second had passed since the last request, two hundred times over.
        ApiRateBucket.objects.filter(pk=bucket.pk).update(paid_until=F("paid_until") - 1)
        assert client.get("").status_code == 200


def test_revoking_twice_keeps_the_first_revocation(osdi_staff_user, django_user_model):
    token, _secret = api_token_create(user=osdi_staff_user, name="Sync", scopes=["*"])
    first = api_token_revoke(token=token, by=osdi_staff_user)
    other = django_user_model.objects.create_user(username="other", is_staff=True)
    second = api_token_revoke(token=token, by=other)
    assert second.revoked_by == osdi_staff_user
    assert second.revoked_at == first.revoked_at <= timezone.now()


def test_unknown_scopes_are_refused(osdi_staff_user):
    with pytest.raises(ValueError):
        api_token_create(user=osdi_staff_user, name="Sync", scopes=["donations:read"])
