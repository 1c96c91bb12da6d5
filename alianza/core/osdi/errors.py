"""OSDI errors: every failure is ``{"error": "..."}`` with its status code, as Action Network.

The handlers are installed on the API (``api.py``); any code under the API may raise
``OsdiError`` to answer with a given status and message.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

MEDIA_TYPE = "application/hal+json"
CONTENT_TYPE = f"{MEDIA_TYPE}; charset=utf-8"


class OsdiError(Exception):
    """Answer the request with ``status`` and ``{"error": message}`` (plus ``headers``)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(status, message)
        self.status = status
        self.message = str(message)
        self.headers = headers or {}

    def __str__(self) -> str:
        return self.message


def error_response(status: int, message: str,
                   headers: dict[str, str] | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps({"error": str(message)}), status=status,
                            content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def is_api_request(request: HttpRequest) -> bool:
    """Whether ``request`` is for the API, whose every answer is JSON (the site's error
    handlers ask, so that an API client never gets an HTML page)."""
    from alianza.core.osdi.links import PREFIX

    return request.path_info.startswith(PREFIX)


def _describe(errors: list[dict]) -> str:
    """A validation failure in one line: where (``body.email_addresses.0.address``) and why."""
    parts = []
    for error in errors[:5]:
        steps = list(error.get("loc", ()))
        # ("body", <parameter>, field, ...) or ("query", name): the field is what a client
        # knows, not where ninja found it.
        steps = steps[2:] if steps[:1] == ["body"] and len(steps) > 2 else steps[1:] or steps
        location = ".".join(str(step) for step in steps) or "body"
        kind = error.get("type", "")
        if kind == "extra_forbidden":
            parts.append(_("%(field)s: unknown field") % {"field": location})
        elif kind == "missing":
            parts.append(_("%(field)s: required") % {"field": location})
        else:
            parts.append(f"{location}: {error.get('msg', '')}")
    return _("Invalid request: %(details)s") % {"details": "; ".join(parts)}


def install_handlers(api) -> None:
    def osdi_error(request: HttpRequest, exc: OsdiError) -> HttpResponse:
        return error_response(exc.status, exc.message, exc.headers)

    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(400, _describe(exc.errors))

    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, _("A valid OSDI-API-Token header is required."))

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = exc.message
        if isinstance(exc.__context__, OsdiError):
            # The parser refused the body for a reason of ours (``parser.py``).
            return osdi_error(request, exc.__context__)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = _("The request body is not valid JSON.")
        return error_response(exc.status_code, message)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, _("Not found."))

    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, str(exc) or _("This API token may not do this."))

    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(413, _("The request body is too large."))

    def invalid_value(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        # A model or form check that refused a value the schema let through.
        return error_response(400, "; ".join(str(m) for m in exc.messages))

    api.add_exception_handler(OsdiError, osdi_error)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(AuthenticationError, authentication_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(RequestDataTooBig, too_big)
    def refused_by_database(request: HttpRequest, exc: DataError) -> HttpResponse:
        # The last line of defence behind the schemas' limits: a value the database cannot
        # hold (too long for its column, out of range) is the client's, not a server fault.
        # The request's transaction rolled back with it: nothing was written.
        return error_response(400, _("A value is too long or out of range for where it "
                                     "is kept."))

    api.add_exception_handler(DjangoValidationError, invalid_value)
    api.add_exception_handler(DataError, refused_by_database)
