"""Two-factor authentication: who still owes a second factor, and the pages that enforce it.

Anyone who has enrolled a device (an authenticator app, with backup codes) must enter a code
after their password before any page other than the code page itself. Superusers must enrol
before they can do anything once ``REQUIRE_2FA_FOR_SUPERUSERS`` is on, which it is by default
whenever DEBUG is off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

Step = Literal["verify", "enrol"]

# Pages a half-logged-in person may still open: the step they owe, logging out, switching
# language. Only that step: someone who owes a code must not reach enrolment, which hands out
# new backup codes.
STEP_VIEWS = {"verify": "core-2fa-verify", "enrol": "core-2fa-setup"}
OPEN_VIEWS = {
    "core-login",
    "core-logout",
    "core-health",
    "core-ready",
    "core-jsi18n",
    "set_language",
    "admin:logout",
}


def pending_step(request: HttpRequest) -> Step | None:
    """What the logged-in person must do before the site lets them in, if anything."""
    user = request.user
    if not user.is_authenticated or (hasattr(user, "is_verified") and user.is_verified()):
        return None
    if user_has_device(user):
        return "verify"
    if user.is_superuser and settings.REQUIRE_2FA_FOR_SUPERUSERS:
        return "enrol"
    return None


class TwoFactorMiddleware:
    """Sends people who owe a second factor to the code page (or to enrol), then back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, args, kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS:
            return None
        step = pending_step(request)
        if step is None or match.view_name == STEP_VIEWS[step]:
            return None
        response = redirect_to_login(request.get_full_path(), login_url=STEP_VIEWS[step])
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(response["Location"])
        return response


class AdminSite(admin.AdminSite):
    """The admin refuses sessions that still owe a second factor, whatever the middleware."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and pending_step(request) is None

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        from alianza.core.account_views import login_throttled

        @login_throttled
        def throttled(request: HttpRequest) -> HttpResponse:
            return super(AdminSite, self).login(request, extra_context)

        return throttled(request)
