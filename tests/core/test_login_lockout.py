"""Guessing passwords: locked out per username and address, with a wait that keeps growing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from alianza.core.lockout import cool_off_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/en/accounts/login/"
ADMIN_LOGIN = "/en/admin/login/"


@pytest.fixture(autouse=True)
def generous_address_limit(settings):
    """These tests are about the per-username lockout, not the per-address rate limit."""
    settings.LOGIN_RATE = "1000/h"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed


def _login(client, url: str, password: str, **extra):
    return client.post(url, {"username": "staff", "password": password}, **extra)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, staff_user, url):
    for _ in range(30):
        _login(client, url, "guess")

    response = _login(client, url, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many attempts to log in" in response.content.decode()


def test_a_few_mistakes_do_not_lock_anyone_out(client, staff_user):
    for _ in range(4):
        _login(client, SITE_LOGIN, "typo")

    assert _login(client, SITE_LOGIN, PASSWORD).status_code == 302
    assert AccessAttempt.objects.count() == 0  # a success starts the count again


def test_the_lockout_page_is_in_spanish_for_spanish_readers(client, staff_user):
    for _ in range(6):
        response = _login(client, "/es/accounts/login/", "guess")

    page = response.content.decode()
    assert response.status_code == 429
    assert "Demasiados intentos de iniciar sesión" in page
    assert "Vuelva a intentarlo dentro de" in page


def test_someone_else_guessing_from_another_address_does_not_lock_out_staff(client,
                                                                            staff_user):
    for _ in range(10):
        _login(client, SITE_LOGIN, "guess", REMOTE_ADDR="203.0.113.66")

    assert _login(client, SITE_LOGIN, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_behind_the_proxy_the_lockout_follows_the_real_client(client, settings, staff_user):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for n in range(10):
        # The attacker varies the header it sends; the proxy appends what it really saw.
        _login(client, SITE_LOGIN, "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.66",
               **proxy)

    locked = _login(client, SITE_LOGIN, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    colleague = _login(client, SITE_LOGIN, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7",
                       **proxy)

    assert locked.status_code == 429
    assert colleague.status_code == 302


def _age_attempts(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_after_the_cool_off_the_right_password_works_again(client, settings, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, SITE_LOGIN, "guess")
    assert _login(client, SITE_LOGIN, PASSWORD).status_code == 429

    _age_attempts(settings.LOGIN_COOLOFF_MINUTES + 1)

    assert _login(client, SITE_LOGIN, PASSWORD).status_code == 302


def test_guessing_again_after_the_wait_doubles_the_next_wait(client, settings, staff_user):
    base = settings.LOGIN_COOLOFF_MINUTES
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, SITE_LOGIN, "guess")
    for _ in range(20):  # refused unchecked during the wait; they do not lengthen it
        _login(client, SITE_LOGIN, "guess")
    _age_attempts(base + 1)

    assert _login(client, SITE_LOGIN, "guess again").status_code == 429
    _age_attempts(base + 1)
    assert _login(client, SITE_LOGIN, PASSWORD).status_code == 429
    _age_attempts(base * 2 + 1)
    assert _login(client, SITE_LOGIN, PASSWORD).status_code == 302


def test_the_wait_never_exceeds_the_ceiling(settings):
    base = timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)

    assert cool_off_for(settings.AXES_FAILURE_LIMIT) == base
    assert cool_off_for(settings.AXES_FAILURE_LIMIT + 1) == base * 2
    assert cool_off_for(10_000) == timedelta(hours=settings.LOGIN_COOLOFF_MAX_HOURS)


def test_one_address_cannot_try_password_after_password_across_usernames(client, settings,
                                                                         staff_user):
    settings.LOGIN_RATE = "5/h"
    statuses = [client.post(SITE_LOGIN, {"username": f"user{n}", "password": "guess"}).status_code
                for n in range(6)]

    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    assert client.post(ADMIN_LOGIN, {"username": "x", "password": "guess"}).status_code == 429


def test_tests_and_tools_that_force_a_login_are_unaffected(client, staff_user):
    for _ in range(10):
        _login(client, SITE_LOGIN, "guess")

    client.force_login(staff_user)

    assert client.get(reverse("coalition-staff-dashboard")).status_code == 200


def test_the_record_of_failed_attempts_never_holds_a_password(client, staff_user):
    _login(client, SITE_LOGIN, "my-old-password-2019")

    attempt = AccessAttempt.objects.get()
    assert "my-old-password-2019" not in attempt.post_data


def test_an_ipv6_client_cannot_escape_by_changing_address_within_its_network(client,
                                                                              staff_user):
    for n in range(10):
        _login(client, SITE_LOGIN, "guess", REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")

    response = _login(client, SITE_LOGIN, PASSWORD, REMOTE_ADDR="2001:db8:1:2::beef")

    assert response.status_code == 429

