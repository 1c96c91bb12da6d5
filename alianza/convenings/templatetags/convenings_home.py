"""The "Upcoming events" section of the home page."""

from __future__ import annotations

from django import template
from django.utils import translation

register = template.Library()
HOME_EVENTS = 3


@register.inclusion_tag("convenings/_home_events.html")
def convenings_home_section() -> dict:
    from alianza.convenings import selectors

    language = translation.get_language()
    return {"events": [selectors.event_for_reader(e, language=language)
                       for e in selectors.events_upcoming(limit=HOME_EVENTS)]}
