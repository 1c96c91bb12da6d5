"""The API's human reference: our own page rendered from the OpenAPI description.

Ninja's Swagger UI loads its script and styles from a CDN and starts with an inline
script, which the site's Content Security Policy forbids (and which cannot load offline);
a plain page from the same description needs neither.

The description itself stays in English, as clients and tools expect; its summaries and
descriptions are marked in the code (``gettext_noop``), so this page shows them in the
reader's language. Names of paths, fields and types are the API's own and stay as they are.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from alianza.core.osdi.links import PREFIX
from alianza.core.osdi.tokens import FAMILIES

METHODS = ("get", "post", "put", "patch", "delete")
# The framework's own response descriptions (ours are marked where they are written).
FRAMEWORK_RESPONSES = {
    "OK": pgettext_lazy("API response", "OK"),
    "Created": pgettext_lazy("API response", "Created"),
    "Accepted": pgettext_lazy("API response", "Accepted"),
    "No Content": pgettext_lazy("API response", "No Content"),
    "Method Not Allowed": pgettext_lazy("API response", "Method Not Allowed"),
}


def _translated(text: str) -> str:
    """``text`` in the reader's language where the catalogue has it, else as written."""
    return _(text) if text else ""


def _response_text(text: str) -> str:
    return str(FRAMEWORK_RESPONSES[text]) if text in FRAMEWORK_RESPONSES else _translated(text)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def schema_type(schema: dict[str, Any] | None) -> str:
    """A short reading of a JSON schema: ``string``, ``array of Person``, ``integer | null``."""
    if not schema:
        return pgettext("API type", "any")
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " | ".join(dict.fromkeys(schema_type(s) for s in schema[key]))
    kind = schema.get("type", "object")
    if kind == "array":
        return pgettext("API type", "array of %(type)s") % {
            "type": schema_type(schema.get("items"))}
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return pgettext("API type", "object of %(type)s") % {
            "type": schema_type(schema["additionalProperties"])}
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(kind)


def _body_schema(content: dict[str, Any] | None) -> str:
    for media in (content or {}).values():
        return schema_type(media.get("schema"))
    return ""


def reference_data(openapi: dict[str, Any]) -> dict[str, Any]:
    operations = []
    for path, item in openapi.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            operations.append({
                "id": op.get("operationId", f"{method}-{path}"),
                "method": method.upper(), "path": path,
                "summary": _translated(op.get("summary", "")),
                "description": _translated(op.get("description", "")),
                "tags": [_translated(tag) for tag in op.get("tags", [])],
                "parameters": [{"name": p["name"], "in": p["in"],
                                "required": p.get("required", False),
                                "type": schema_type(p.get("schema")),
                                "description": _translated(p.get("description", ""))}
                               for p in op.get("parameters", [])],
                "body": _body_schema((op.get("requestBody") or {}).get("content")),
                "responses": [{"status": status,
                               "description": _response_text(response.get("description", "")),
                               "type": _body_schema(response.get("content"))}
                              for status, response in op.get("responses", {}).items()],
            })
    schemas = []
    for name, schema in sorted(openapi.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        schemas.append({"name": name,
                        "description": _translated(schema.get("description", "")),
                        "fields": [{"name": field, "type": schema_type(sub),
                                    "required": field in required,
                                    "description": _translated(sub.get("description", ""))}
                                   for field, sub in schema.get("properties", {}).items()]})
    return {"operations": operations, "groups": groups(operations), "schemas": schemas,
            "title": openapi.get("info", {}).get("title", "")}


def groups(operations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The operations by resource (people, tags, …), titled in the reader's language. Each
    group's anchor is the resource's name, where the entry point's ``curies`` lead
    (``docs/people`` → ``#people``): the page runs to dozens of screens on a phone."""
    found: dict[str, dict[str, Any]] = {}
    for op in operations:
        family = op["path"].removeprefix(PREFIX).strip("/").split("/")[0]
        if family not in found:
            label = FAMILIES.get(family) or (family if family else _("Entry point"))
            found[family] = {"label": str(label), "anchor": family or "entry-point",
                             "operations": []}
        found[family]["operations"].append(op)
    return list(found.values())


def reference_view(api) -> callable:
    def reference(request: HttpRequest) -> HttpResponse:
        openapi = api.get_openapi_schema(path_prefix=PREFIX)
        return render(request, "core/api_reference.html", {
            **reference_data(openapi),
            "entry_point": request.build_absolute_uri(PREFIX),
            "openapi_url": request.build_absolute_uri(PREFIX + "openapi.json"),
        })

    return reference


def reference_rel(request: HttpRequest, rel: str) -> HttpResponse:
    """``docs/{rel}``: the target of the entry point's ``curies``; the reference, at the
    resource's operations."""
    anchor = "".join(c for c in rel if c.isalnum() or c in "_-")
    return HttpResponseRedirect(f"{PREFIX}docs/#{anchor}")
