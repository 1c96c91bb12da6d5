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


def osdi_language() -> str:
    """The language the client asked for (``Accept-Language``), as a two-letter code."""
    from django.conf import settings
    from django.utils import translation

    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def osdi_browser_url(url_name: str, *, slug: str, public: bool) -> str | None:
    """The absolute address of a record's public page in the site's default language;
    ``None`` while the record has no public page."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    if not public:
        return None
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return settings.SITE_URL + reverse(url_name, kwargs={"slug": slug})
    except NoReverseMatch:
        return None
