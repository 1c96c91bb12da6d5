"""Machine-readable descriptions of an event for search engines and link previews:
schema.org ``Event`` as JSON-LD and Open Graph tags."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from alianza.convenings.selectors import EventView
from alianza.core.site import site_name

# Escaped so the JSON can never close the <script> element it sits in.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def event_json_ld(view: EventView, page_url: str) -> SafeString:
    event = view.event
    in_person = bool(event.venue_name or event.address)
    online = bool(event.online_url)
    mode = ("MixedEventAttendanceMode" if in_person and online
            else "OnlineEventAttendanceMode" if not in_person else
            "OfflineEventAttendanceMode")
    locations = []
    if in_person:
        locations.append({"@type": "Place", "name": event.venue_name or event.address,
                          "address": " ".join(event.address.split()) or event.venue_name})
    if online or not in_person:
        # The link itself is for registrants only: the page stands in for it.
        locations.append({"@type": "VirtualLocation", "url": page_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": view.title,
        "description": view.text.summary if view.text else "",
        "startDate": view.starts.isoformat(),
        "endDate": view.ends.isoformat(),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "eventStatus": "https://schema.org/" + (
            "EventCancelled" if event.is_cancelled else "EventScheduled"),
        "location": locations[0] if len(locations) == 1 else locations,
        "inLanguage": event.language_codes,
        "url": page_url,
        "organizer": [{"@type": "Organization", "name": site_name(),
                       "url": settings.SITE_URL}] + [
            {"@type": "Organization", "name": host.name} for host in view.hosts],
    }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
