"""Logging in: password (throttled per address, locked out per username), then a code.

The pages for enrolling an authenticator app and entering its codes live here too; which
pages a half-logged-in person may open is decided in ``alianza.core.two_factor``.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_ratelimit.decorators import ratelimit

from alianza.core import services
from alianza.core.registry import staff_menu
from alianza.core.roles import DASHBOARD
from alianza.core.two_factor import pending_step


def login_rate(group: str, request: HttpRequest) -> str | None:
    return settings.LOGIN_RATE if settings.RATELIMIT_ENABLE else None


# One budget for the site's and the admin's login forms.
login_throttled = ratelimit(group="login", key="ip", rate=login_rate, method="POST", block=True)


@method_decorator(login_throttled, name="post")
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # Only used when no safe ``next`` was given (the parent checks it is same-host).
        return landing_url(self.request.user)


def landing_url(user) -> str:
    """Where someone lands after logging in without a ``next``: staff on their dashboard, or,
    for a role without one (a data analyst), on the first page their role opens; everyone
    else (workgroup leads) on the home page."""
    if not (user.is_authenticated and user.is_staff):
        return reverse(settings.LOGIN_REDIRECT_URL)
    if user.has_perm(DASHBOARD):
        return reverse("coalition-staff-dashboard")
    links = [link for entry in staff_menu(user) for link in getattr(entry, "links", (entry,))]
    # A page behind a permission is the role's own work; the open ones (workgroup rosters)
    # are for everyone and a poorer first page.
    for link in sorted(links, key=lambda link: not link.permission):
        return link.url
    return reverse(settings.LOGIN_REDIRECT_URL)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=16, strip=True,
        # Not inputmode=numeric: backup codes have letters too.
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                      "spellcheck": "false"}),
    )

    def cleaned_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").replace("-", "")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return landing_url(request.user)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in, for anyone who has enrolled a device."""
    if pending_step(request) != "verify":
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not any(d.verify_is_allowed()[0] for d in devices_for_user(request.user)):
            # django-otp doubles the pause after each wrong code; say so rather than
            # calling a right code wrong.
            form.add_error("code", _("Too many wrong codes in a row. Wait a minute, then "
                                     "enter the code your app shows at that time."))
        elif (device := match_token(request.user, form.cleaned_code())) is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("That code is not right. Enter the current code from "
                                     "your app, or one of your backup codes."))
    return render(request, "core/two_factor_verify.html",
                  {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app; afterwards, see the status and renew backup codes."""
    user = request.user
    if pending_step(request) == "verify":  # a password alone must not renew backup codes
        return redirect_to_login(request.get_full_path(), login_url="core-2fa-verify")
    if user_has_device(user):
        if request.method == "POST" and request.POST.get("action") == "backup-codes":
            codes = services.backup_codes_issue(user=user)
            return render(request, "core/two_factor_codes.html", {"codes": codes})
        return render(request, "core/two_factor_status.html")
    device = services.totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(device=device, code=form.cleaned_code())
        if codes is not None:
            otp_login(request, device)
            return render(request, "core/two_factor_codes.html",
                          {"codes": codes, "next": _next_url(request), "enrolled": True})
        form.add_error("code", _("That code is not right. Check that your phone's clock is "
                                 "correct and enter the code your app shows now."))
    secret = b32encode(device.bin_key).decode()
    return render(request, "core/two_factor_setup.html", {
        "form": form,
        "next": _next_url(request),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=5, border=2, light="#fff", dark="#000", title=str(_("QR code to scan"))),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": pending_step(request) == "enrol",
    })
