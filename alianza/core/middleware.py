"""Response headers that depend on who is asking."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from alianza.core.osdi.errors import error_response, is_api_request
from alianza.core.osdi.parser import holds_nul, refuse_nul


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


def _holds_nul(data) -> bool:
    return any(holds_nul(key) or holds_nul(values) for key, values in data.lists())


class RefuseNulMiddleware:
    """A request whose address, query or form holds the NUL character gets a 400.

    No one types NUL; it comes from scanners and broken clients. PostgreSQL can neither
    store nor compare text holding it, so a search for ``?q=%00`` would fail deep in a
    query (a 500) and a form would fail part-way through its writes. Refusing it here
    covers every page at once. (The API's JSON bodies are checked by its parser.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = is_api_request(request)
        # The API's bodies are JSON, read by its parser after it has refused oversized ones.
        if "\x00" in request.path_info or _holds_nul(request.GET) or (
                request.method == "POST" and not api and _holds_nul(request.POST)):
            return self._refuse(request, api=api)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, *, api: bool) -> HttpResponse:
        message = _("The request held a character that is never part of text (NUL). "
                    "Please retype what you entered and try again.")
        if api:
            return error_response(400, refuse_nul().message)
        return render(request, "core/400.html", {"reason": message}, status=400)
