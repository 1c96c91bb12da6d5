"""In Chromium: the main public and staff pages run under the Content-Security-Policy without
a single violation, htmx still works, and two-factor enrolment works with a real form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["core-home", "coalition-about", "coalition-join", "coalition-signatories",
          "coalition-members", "coalition-workgroups", "evidence-index", "outreach-signup",
          "core-login"]
STAFF = ["coalition-staff-dashboard", "outreach-staff-mailings", "outreach-staff-segments",
         "outreach-staff-segment-new"]


def watch_for_violations(page) -> list[str]:
    """Chromium reports every blocked script, style or frame on the console."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def test_the_public_pages_report_no_policy_violation(desktop_page, site, coalition):
    page = desktop_page
    violations = watch_for_violations(page)

    for name in PUBLIC:
        response = page.goto(site + reverse(name))
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    assert violations == []


def test_htmx_still_filters_the_signatories_under_the_policy(desktop_page, site, coalition):
    page = desktop_page
    violations = watch_for_violations(page)
    page.goto(site + reverse("coalition-signatories"))

    page.get_by_role("searchbox").fill("Tomás")

    expect(page.locator("#signatory-results")).not_to_contain_text("Ana Ruiz")
    assert violations == []


def test_the_staff_pages_and_admin_report_no_policy_violation(desktop_page, site, coalition,
                                                             staff_user):
    page = desktop_page
    violations = watch_for_violations(page)
    page.goto(site + reverse("core-login"))
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    for path in [reverse(name) for name in STAFF] + ["/en/admin/", "/en/admin/auth/user/"]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")

    assert violations == []


def test_a_superuser_enrols_an_authenticator_in_production(desktop_page, site, settings,
                                                         staff_user):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_2FA_FOR_SUPERUSERS = True
    page = desktop_page
    violations = watch_for_violations(page)
    page.goto(site + reverse("core-login") + "?next=" + reverse("coalition-staff-dashboard"))
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next="))
    expect(page.locator(".qr-code svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=staff_user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved my codes").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("coalition-staff-dashboard")) + "$"))
    assert violations == []
