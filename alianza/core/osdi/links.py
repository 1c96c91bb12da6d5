"""Absolute links and times in the forms OSDI clients expect."""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpRequest

PREFIX = "/api/osdi/v1/"


def osdi_href(request: HttpRequest, *parts: str) -> str:
    """The absolute URL of ``/api/osdi/v1/<parts...>`` (no trailing slash, as Action Network)."""
    path = PREFIX + "/".join(str(part).strip("/") for part in parts if str(part).strip("/"))
    return request.build_absolute_uri(path.rstrip("/") if parts else path)


def osdi_link(request: HttpRequest, *parts: str) -> dict[str, str]:
    return {"href": osdi_href(request, *parts)}


def osdi_time(value: datetime | None) -> str | None:
    """``2014-03-20T21:04:31Z``: UTC, whole seconds."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
