"""The OSDI API: resources registered by apps, mounted on one django-ninja API.

Apps call ``osdi_resource_register`` in ``AppConfig.ready()``; ``osdi_urls()`` (in
``alianza/urls.py``) builds the API from what was registered. Every operation of a router
is checked against the token's scopes for the router's family (read for GET/HEAD, write
otherwise), counted against the token's rate limit, and, when it is not a read, logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, include, path, re_path, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router, Schema
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyHeader
from pydantic import Field

from alianza.core.models import ApiToken, ApiWriteLog
from alianza.core.osdi.errors import MEDIA_TYPE, error_response, install_handlers
from alianza.core.osdi.links import PREFIX, osdi_href
from alianza.core.osdi.parser import OsdiParser
from alianza.core.osdi.tokens import (
    FAMILIES,
    api_token_authenticate,
    osdi_require,
    rate_limit_check,
    token_may,
)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ERROR_STATUSES = {
    "400": gettext_noop("Malformed JSON, a wrong type, an unknown field or an unsupported filter."),
    "401": gettext_noop("No token, or a token that is not valid, was revoked, or whose user left."),
    "403": gettext_noop("The token lacks the scope this operation needs."),
    "404": gettext_noop("No such resource."),
    "413": gettext_noop("The request body is too large."),
    "429": gettext_noop("Too many requests for this token; see Retry-After."),
}


@dataclass(frozen=True)
class OsdiResource:
    name: str
    family: str
    router: Router
    title: str
    order: int = 100
    listed: bool = True
    prefix: str = ""


_resources: list[OsdiResource] = []


def osdi_resource_register(*, name: str, family: str, router: Router, title: str,
                           order: int = 100) -> None:
    """Mount ``router`` at ``/api/osdi/v1/<name>/`` and list ``osdi:<name>`` on the entry
    point; its operations need the ``family`` scope (read or write)."""
    if family not in FAMILIES:
        raise ValueError(f"Unknown OSDI scope family {family!r}; add it to FAMILIES.")
    if any(r.name == name and r.listed for r in _resources):
        return  # ready() may run twice in tests
    _resources.append(OsdiResource(name=name, family=family, router=router, title=title,
                                   order=order, prefix=name))


def osdi_router_register(*, prefix: str, family: str, router: Router) -> None:
    """Mount ``router`` at ``/api/osdi/v1/<prefix>/`` without listing it on the entry
    point: sub-resources of another family's resource (``people/<id>/signatures`` on the
    petitions family's router, mounted at ``people``)."""
    if family not in FAMILIES:
        raise ValueError(f"Unknown OSDI scope family {family!r}.")
    if any(r.router is router for r in _resources):
        return
    # Named by the order of registration (the apps' order, the same on every start), so
    # that the OpenAPI description lists its paths in the same order every time.
    _resources.append(OsdiResource(name=f"{prefix}#{len(_resources):03}", family=family,
                                   router=router, title="", listed=False, prefix=prefix))


@dataclass(frozen=True)
class OsdiHelper:
    name: str
    family: str
    path: str
    title: str


_helpers: list[OsdiHelper] = []


def osdi_helper_register(*, name: str, family: str, path: str, title: str) -> None:
    """List ``osdi:<name>`` on the entry point, pointing at ``/api/osdi/v1/<path>``, for
    tokens that may write ``family`` (a helper only takes POSTs): Action Network's entry point
    lists ``osdi:person_signup_helper`` at ``…/people``, and clients look it up there."""
    if family not in FAMILIES:
        raise ValueError(f"Unknown OSDI scope family {family!r}.")
    if any(h.name == name for h in _helpers):
        return  # ready() may run twice in tests
    _helpers.append(OsdiHelper(name=name, family=family, path=path, title=title))


def osdi_resources(extra: tuple[OsdiResource, ...] = ()) -> list[OsdiResource]:
    return sorted([*_resources, *extra], key=lambda r: (not r.listed, r.order, r.name))


class OsdiTokenAuth(APIKeyHeader):
    """The ``OSDI-API-Token`` header: a live token of an active staff user, with the
    family's scope (``family`` None: any token, as for the entry point)."""

    param_name = "OSDI-API-Token"

    def __init__(self, family: str | None) -> None:
        self.family = family
        super().__init__()

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiToken:
        token = api_token_authenticate(key)
        rate_limit_check(token)
        if self.family is not None:
            osdi_require(token, self.family, write=request.method not in READ_METHODS)
        return token


class HalRenderer(JSONRenderer):
    media_type = MEDIA_TYPE


class OsdiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _document_errors(schema)
        return schema


def _document_errors(schema: dict) -> None:
    """Every operation may answer with the errors of ERROR_STATUSES, as ``{"error"}``;
    responses are HAL+JSON."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["OsdiErrorBody"] = {
        "title": "OsdiErrorBody", "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string", "title": "Error"}},
    }
    error_content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/OsdiErrorBody"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # ninja keys responses by int; one key type, so "404" never doubles 404.
            operation["responses"] = {str(k): v for k, v in operation["responses"].items()}
            for response in operation["responses"].values():
                content = response.get("content")
                if content and "application/json" in content:
                    content[MEDIA_TYPE] = content.pop("application/json")
            if _is_collection(operation):
                known = {p.get("name") for p in operation.setdefault("parameters", [])}
                operation["parameters"].extend(
                    p for p in COLLECTION_PARAMETERS if p["name"] not in known)
            for status, description in ERROR_STATUSES.items():
                operation["responses"].setdefault(
                    status, {"description": description, "content": error_content})


# osdi_collection reads these from the query string itself; the description says so.
COLLECTION_PARAMETERS = [
    {"name": "page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "default": 1},
     "description": gettext_noop("Page number, from 1; a page past the end is empty.")},
    {"name": "per_page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "default": 25},
     "description": gettext_noop("Items per page (at most OSDI_MAX_PER_PAGE, 100 by default).")},
    {"name": "filter", "in": "query", "required": False, "schema": {"type": "string"},
     "description": gettext_noop("OData subset: field eq|gt|lt 'value', joined with and / or.")},
]


def _is_collection(operation: dict) -> bool:
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    ref = content.get(MEDIA_TYPE, {}).get("schema", {}).get("$ref", "")
    return ref.startswith("#/components/schemas/Osdi") and ref.endswith("Collection")


class EntryPoint(Schema):
    motd: str
    vendor_name: str
    product_name: str
    osdi_version: str
    max_pagesize: int
    max_page_size: int
    namespace: str
    links: dict[str, Any] = Field(alias="_links")


def _entry_point_router(resources: list[OsdiResource]) -> Router:
    router = Router()

    @router.get("/", response=EntryPoint, by_alias=True, auth=OsdiTokenAuth(None),
                url_name="osdi-entry-point", summary=gettext_noop("API entry point"),
                description=gettext_noop(
                    "What this API offers: one ``osdi:<name>`` link per collection the token "
                    "may read, and one per helper it may post to."))
    def entry_point(request: HttpRequest) -> dict[str, Any]:
        from alianza.core.osdi.collection import max_per_page
        from alianza.core.site import site_name

        token: ApiToken = request.auth
        links: dict[str, Any] = {
            "curies": [{"name": "osdi",
                        "href": request.build_absolute_uri(PREFIX + "docs/") + "{rel}",
                        "templated": True}],
            "self": {"href": osdi_href(request), "title": _("This API's entry point")},
            "docs": {"href": request.build_absolute_uri(PREFIX + "docs/"),
                     "title": _("API reference")},
        }
        for resource in resources:
            if resource.listed and token_may(token, resource.family, write=False):
                links[f"osdi:{resource.name}"] = {"href": osdi_href(request, resource.name),
                                                  "title": str(resource.title)}
        for helper in _helpers:
            if token_may(token, helper.family, write=True):
                links[f"osdi:{helper.name}"] = {"href": osdi_href(request, helper.path),
                                                "title": str(helper.title)}
        name = str(site_name())
        return {
            "motd": _("Welcome to the %(name)s OSDI API.") % {"name": name},
            "vendor_name": "Alianza",
            "product_name": "Alianza",
            "osdi_version": "1.0",
            "max_pagesize": max_per_page(),
            "max_page_size": max_per_page(),
            "namespace": "alianza",
            "_links": links,
        }

    return router


def osdi_api(*, extra: tuple[OsdiResource, ...] = (), namespace: str = "osdi") -> OsdiAPI:
    """A new API with every registered resource (and ``extra``, for tests)."""
    resources = osdi_resources(extra)
    api = OsdiAPI(
        title="Alianza OSDI API", version="1.0", urls_namespace=namespace,
        description="An OSDI API shaped as Action Network's: HAL+JSON, OSDI-API-Token.",
        renderer=HalRenderer(), parser=OsdiParser(), docs_url=None,
        openapi_url="openapi.json",
    )
    install_handlers(api)
    api.add_router("", _entry_point_router(resources))
    # The description is English whatever language the request that first built the
    # URLs was in; the reference page translates it.
    with translation.override("en"):
        for resource in resources:
            api.add_router(f"{resource.prefix}/", resource.router,
                           auth=OsdiTokenAuth(resource.family),
                           tags=[str(resource.title)] if resource.title else None)
    return api


def _guarded(view: Callable) -> Callable:
    """Refuse oversized bodies before anything parses them; log writes made with a token."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limit = int(getattr(settings, "OSDI_MAX_BODY_BYTES", 1024 * 1024))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400, _("The Content-Length header is not a number."))
        if length > limit:
            return error_response(413, _("The request body is too large (at most %(n)s "
                                         "bytes).") % {"n": limit})
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not _is_ours(response):
            response = method_not_allowed(request.method, response["Allow"])
        token = getattr(request, "auth", None)
        if request.method not in READ_METHODS and isinstance(token, ApiToken):
            ApiWriteLog.objects.create(token=token, method=request.method[:10],
                                       path=request.path[:500], status=response.status_code)
        return response

    # The token is the API's only credential (clients send no cookies): no CSRF check on
    # any entry, whatever wraps it.
    guarded.csrf_exempt = True
    return guarded


def _is_ours(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(MEDIA_TYPE)


def method_not_allowed(method: str, allowed: str) -> HttpResponse:
    """405 as every other error, ``{"error"}``, with the ``Allow`` header a client needs."""
    allowed = ", ".join(sorted({m.strip() for m in allowed.split(",") if m.strip()}))
    return error_response(405, _("%(method)s is not allowed here (allowed: %(methods)s).")
                          % {"method": method, "methods": allowed}, {"Allow": allowed})


def _read_only(view: Callable) -> Callable:
    """Pages that only answer GET (the reference, the OpenAPI description)."""

    @wraps(view)
    def read_only(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed(request.method, "GET, HEAD")
        return view(request, *args, **kwargs)

    return read_only


def _wrap(patterns: list) -> list:
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _wrap(pattern.url_patterns)
        elif pattern.name == "openapi-json":
            pattern.callback = _guarded(_read_only(pattern.callback))
        else:
            pattern.callback = _guarded(pattern.callback)
    return patterns


@csrf_exempt  # it serves POSTs to ``people`` as ``people/``: the token is the guard
def _fallback(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Paths with no route: ``people`` answered as ``people/`` (Action Network's URLs have
    no trailing slash; a redirect would lose a POST's body), anything else a JSON 404."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not _fallback_view:
            return match.func(request, *match.args, **match.kwargs)
    return error_response(404, _("Not found."))


_fallback_view = _fallback


def osdi_urls(api: OsdiAPI | None = None) -> list:
    """What ``alianza/urls.py`` includes at ``api/osdi/v1/``: the API's URLs (in the
    API's namespace, ``osdi``), then a JSON 404 for anything else under the prefix."""
    from alianza.core.osdi.reference import reference_rel, reference_view

    api = api or osdi_api()
    patterns, app_name, namespace = api.urls
    return [
        path("docs/", _guarded(_read_only(reference_view(api))), name="osdi-reference"),
        path("docs/<str:rel>", _guarded(_read_only(reference_rel)), name="osdi-reference-rel"),
        path("", include((_wrap(list(patterns)), app_name), namespace=namespace)),
        re_path(r"^(?P<rest>.*)$", _fallback_view),
    ]
