"""Two-factor authentication: enrolling an app, entering codes, and who must do it."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from alianza.core import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DASHBOARD = "/en/staff/"
SETUP = "/en/accounts/two-factor/"
VERIFY = "/en/accounts/two-factor/verify/"


@pytest.fixture(autouse=True)
def no_pause_between_codes(settings):
    """django-otp pauses after a wrong code; most tests here type the right one next."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def production(settings):
    settings.REQUIRE_2FA_FOR_SUPERUSERS = True


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits,
                 device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = services.totp_device_start(user=user)
    codes = services.totp_device_confirm(device=device, code=current_code(device))
    device.refresh_from_db()
    return device, codes


def test_a_superuser_without_a_device_cannot_reach_staff_pages_in_production(
        production, staff_client):
    for url in [DASHBOARD, "/en/admin/", "/en/staff/organizations/"]:
        response = staff_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url


def test_the_demo_lets_a_superuser_in_with_a_password_alone(settings, staff_client):
    settings.REQUIRE_2FA_FOR_SUPERUSERS = False

    assert staff_client.get(DASHBOARD).status_code == 200
    assert staff_client.get("/en/admin/").status_code == 200


def test_production_settings_require_two_factor_for_superusers_unless_debug(tmp_path):
    import os
    import subprocess
    import sys

    probe = ("import django; django.setup(); from django.conf import settings; "
             "print(settings.REQUIRE_2FA_FOR_SUPERUSERS)")
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REQUIRE_2FA_FOR_SUPERUSERS"}}
    env["DJANGO_SETTINGS_MODULE"] = "alianza.settings"
    env["ALIANZA_DATA_DIR"] = str(tmp_path)
    outputs = [subprocess.run([sys.executable, "-c", probe], env={**env, **extra}, text=True,
                              capture_output=True, check=True).stdout.strip()
               for extra in ({}, {"DEBUG": "1"})]

    assert outputs == ["True", "False"]


def test_enrolling_shows_a_qr_code_and_the_secret_then_asks_for_a_code(production,
                                                                        staff_client):
    page = staff_client.get(SETUP).content.decode()

    assert "<svg" in page
    secret = re.search(r'<code class="secret" translate="no">([A-Z2-7 ]+)</code>', page)[1]
    device = TOTPDevice.objects.get(confirmed=False)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert staff_client.get(SETUP).content.decode().count(secret) == 1  # same key on reload


def test_a_wrong_code_does_not_turn_it_on(production, staff_client):
    staff_client.get(SETUP)

    response = staff_client.post(SETUP, {"code": "000000"})

    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert staff_client.get(DASHBOARD).status_code == 302


def test_the_right_code_turns_it_on_shows_backup_codes_and_lets_staff_in(production,
                                                                          staff_client):
    staff_client.get(SETUP)
    device = TOTPDevice.objects.get()

    response = staff_client.post(SETUP, {"code": current_code(device), "next": DASHBOARD})

    page = response.content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(codes) == 10
    assert StaticDevice.objects.get().token_set.count() == 10
    assert staff_client.get(DASHBOARD).status_code == 200


def test_after_the_password_someone_with_a_device_must_enter_a_code(client, staff_user):
    device, _codes = enrolled(staff_user)

    response = client.post("/en/accounts/login/",
                           {"username": "staff", "password": PASSWORD, "next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    response = client.get(DASHBOARD)

    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.get("/en/admin/").status_code == 302
    assert client.post(VERIFY, {"code": "123456", "next": DASHBOARD}).status_code == 200
    assert client.get(DASHBOARD).status_code == 302

    response = client.post(VERIFY, {"code": current_code(device, steps_ahead=1),
                                    "next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_staff_with_a_device_verify_even_where_two_factor_is_not_required(client, settings,
                                                                           staff_user):
    settings.REQUIRE_2FA_FOR_SUPERUSERS = False
    enrolled(staff_user)
    client.force_login(staff_user)

    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_a_backup_code_works_once(client, staff_user):
    _device, codes = enrolled(staff_user)
    client.force_login(staff_user)

    assert client.post(VERIFY, {"code": codes[0], "next": DASHBOARD}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200

    client.logout()
    client.force_login(staff_user)  # a new session
    response = client.post(VERIFY, {"code": codes[0], "next": DASHBOARD})
    assert response.status_code == 200 and "That code is not right" in response.content.decode()


def test_wrong_codes_in_a_row_make_people_wait(client, settings, staff_user):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    settings.OTP_STATIC_THROTTLE_FACTOR = 60
    device, _codes = enrolled(staff_user)
    client.force_login(staff_user)
    client.post(VERIFY, {"code": "000000"})

    response = client.post(VERIFY, {"code": current_code(device, steps_ahead=1)})

    assert "Too many wrong codes in a row" in response.content.decode()
    assert client.get(DASHBOARD).status_code == 302


def test_the_code_page_never_sends_people_to_another_site(client, staff_user):
    device, _codes = enrolled(staff_user)
    client.force_login(staff_user)

    response = client.post(VERIFY, {"code": current_code(device, steps_ahead=1),
                                    "next": "https://evil.example/"})

    # Where staff land without a usable next: their dashboard (tests/core/test_login_landing).
    assert response["Location"] == reverse("coalition-staff-dashboard")


def test_htmx_requests_are_sent_to_the_code_page_as_a_whole(client, staff_user):
    enrolled(staff_user)
    client.force_login(staff_user)

    response = client.get(DASHBOARD, HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"].startswith(VERIFY)


def test_the_pages_are_in_spanish(production, client, staff_user):
    client.force_login(staff_user)

    assert "Configurar la verificación en dos pasos" in client.get(
        "/es/accounts/two-factor/").content.decode()
    enrolled(staff_user)
    assert "Escriba su código" in client.get("/es/accounts/two-factor/verify/").content.decode()


def test_staff_can_replace_their_backup_codes(client, staff_user):
    device, old = enrolled(staff_user)
    client.force_login(staff_user)
    client.post(VERIFY, {"code": current_code(device, steps_ahead=1)})

    page = client.post(SETUP, {"action": "backup-codes"}).content.decode()

    new = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticDevice.objects.get().token_set.count() == 10


def test_people_without_staff_rights_are_not_asked_for_anything(lead_client, production):
    assert lead_client.get(reverse("coalition-my-workgroups")).status_code == 200


def test_the_admin_refuses_a_session_that_owes_a_code_even_without_the_middleware(
        client, settings, staff_user):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("TwoFactorMiddleware")]
    device = services.totp_device_start(user=staff_user)
    device.confirmed = True
    device.save()
    client.force_login(staff_user)

    response = client.get("/en/admin/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_authenticator_lists_the_account_under_the_coalitions_name(production,
                                                                        staff_client):
    from alianza.coalition.models import CoalitionProfile
    from alianza.core.site import site_name_forget

    CoalitionProfile.objects.create(name="Californians Together")
    site_name_forget()
    staff_client.get(SETUP)

    assert "issuer=Californians%20Together" in TOTPDevice.objects.get().config_url


def test_a_password_alone_cannot_get_new_backup_codes(client, staff_user):
    _device, codes = enrolled(staff_user)
    client.force_login(staff_user)  # the password was right; no code yet

    response = client.post(SETUP, {"action": "backup-codes"})

    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert sorted(StaticDevice.objects.get().token_set.values_list("token", flat=True)) == (
        sorted(codes))


def test_until_the_code_is_entered_the_menus_offer_only_the_way_out(client, staff_user):
    device, _codes = enrolled(staff_user)
    client.post("/en/accounts/login/", {"username": "staff", "password": PASSWORD})

    page = client.get(VERIFY).content.decode()
    assert 'href="' + DASHBOARD + '"' not in page  # no "Staff" link leading back here
    assert "Two-factor authentication</a>" not in page
    assert page.count(">Log out<") == 1

    client.post(VERIFY, {"code": current_code(device, steps_ahead=1)})
    page = client.get("/en/").content.decode()
    assert 'href="' + DASHBOARD + '"' in page
    assert page.count(">Log out<") == 1
