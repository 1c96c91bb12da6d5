"""The API token staff pages: bilingual, guarded, the secret shown once, revoking by POST."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from alianza.core.models import ApiToken
from alianza.core.osdi.tokens import api_token_create
from alianza.core.roles import COALITION_STAFF
from tests.osdi.conftest import OsdiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition_staff(django_user_model):
    user = django_user_model.objects.create_user(username="rosa", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=COALITION_STAFF))
    return user


@pytest.fixture
def staff_client(client, coalition_staff):
    client.force_login(coalition_staff)
    return client


def test_staff_without_the_permission_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user(username="ana", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("core-api-tokens")).status_code == 403
    assert client.post(reverse("core-api-token-new"),
                       {"name": "x", "all_scopes": "on"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("core-api-tokens"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_menu_links_the_tokens_page_for_coalition_staff(staff_client):
    page = staff_client.get(reverse("coalition-staff-dashboard")).content.decode()
    assert reverse("core-api-tokens") in page


def test_a_new_tokens_secret_is_shown_once_and_then_works(staff_client, coalition_staff):
    response = staff_client.post(reverse("core-api-token-new"), {
        "name": "Action Network sync", "scope_people": "write", "scope_petitions": "read"})
    token = ApiToken.objects.get()
    assert response.status_code == 302
    assert token.user == coalition_staff
    assert token.scopes == ["people:write", "petitions:read"]
    page = staff_client.get(response["Location"]).content.decode()
    secret = page.split('<code class="api-secret" id="token-secret">')[1].split("<")[0]
    assert secret.startswith(token.prefix)
    assert "Copy it now" in page
    again = staff_client.get(response["Location"]).content.decode()
    assert secret not in again and token.prefix in again
    assert OsdiClient(secret).get("").status_code == 200


def test_the_form_offers_only_what_the_staff_members_role_opens(staff_client):
    page = staff_client.get(reverse("core-api-token-new")).content.decode()
    messages = page.split('name="scope_messages"')[1].split("</select>")[0]
    assert 'value="read"' not in messages and "Your role does not open these." in page
    people = page.split('name="scope_people"')[1].split("</select>")[0]
    assert 'value="write"' in people
    response = staff_client.post(reverse("core-api-token-new"), {
        "name": "Mailings", "scope_messages": "read"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_scope(staff_client):
    response = staff_client.post(reverse("core-api-token-new"), {"name": "Nothing"})
    assert response.status_code == 200
    assert "at least one kind of resource" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_for_confirmation_and_then_refuses_the_token(staff_client,
                                                                  coalition_staff):
    token, secret = api_token_create(user=coalition_staff, name="Sync", scopes=["*"])
    url = reverse("core-api-token-revoke", args=[token.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {})  # not confirmed
    token.refresh_from_db()
    assert token.revoked_at is None
    staff_client.post(url, {"confirm": "on"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == coalition_staff
    assert OsdiClient(secret).get("").status_code == 401


def test_staff_see_only_their_own_tokens_unless_they_manage_them(staff_client,
                                                                  coalition_staff,
                                                                  django_user_model):
    other = django_user_model.objects.create_user(username="luis", is_staff=True)
    theirs, _secret = api_token_create(user=other, name="Luis's script", scopes=["*"])
    mine, _secret = api_token_create(user=coalition_staff, name="My sync", scopes=["*"])
    page = staff_client.get(reverse("core-api-tokens")).content.decode()
    assert "My sync" in page and "Luis&#x27;s script" not in page
    assert staff_client.get(reverse("core-api-token", args=[theirs.pk])).status_code == 404
    assert staff_client.post(reverse("core-api-token-revoke", args=[theirs.pk]),
                             {"confirm": "on"}).status_code == 404
    coalition_staff.user_permissions.add(Permission.objects.get(codename="manage_api_tokens"))
    page = staff_client.get(reverse("core-api-tokens")).content.decode()
    assert "Luis&#x27;s script" in page and "luis" in page


@pytest.mark.urls("tests.osdi.urls_test_resource")
def test_the_detail_page_shows_last_use_and_recent_writes(staff_client, coalition_staff):
    # The test collection is in the tags family, which the outreach role opens.
    coalition_staff.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="outreach", codename__in=["view_tag", "change_tag"]))
    token, secret = api_token_create(user=coalition_staff, name="Sync", scopes=["*"])
    page = staff_client.get(reverse("core-api-token", args=[token.pk])).content.decode()
    assert "Never" in page and "No changes yet." in page
    OsdiClient(secret).post("test_groups", {"name": "Volunteers"})
    page = staff_client.get(reverse("core-api-token", args=[token.pk])).content.decode()
    assert "<dd>Never</dd>" not in page
    assert "POST /api/osdi/v1/test_groups" in page and ">201<" in page


def test_the_pages_are_in_spanish(staff_client, coalition_staff):
    token, _secret = api_token_create(user=coalition_staff, name="Sync", scopes=["people:read"])
    pages = [reverse("core-api-tokens"), reverse("core-api-token-new"),
             reverse("core-api-token", args=[token.pk]),
             reverse("core-api-token-revoke", args=[token.pk])]
    for path in pages:
        spanish = path.replace("/en/", "/es/", 1)
        text = staff_client.get(spanish).content.decode()
        assert "clave" in text.lower(), spanish
    text = staff_client.get(pages[0].replace("/en/", "/es/", 1)).content.decode()
    assert "Personas: leer" in text and "Claves de API" in text
