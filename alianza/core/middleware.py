"""Response headers that depend on who is asking."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Pages shown to someone logged in (staff lists, rosters, exports) are never stored.

    Not by a shared proxy cache, and not by the browser either, so the back button on a
    shared office computer does not bring a roster back after logging out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Only look at the user when there is a session cookie: asking loads the session,
        # which would add "Vary: Cookie" to every anonymous public page.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_store=True)
        return response
