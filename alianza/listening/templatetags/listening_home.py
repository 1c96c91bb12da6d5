"""The "Tell us what matters" section of the home page: surveys open now."""

from __future__ import annotations

from django import template

register = template.Library()
HOME_SURVEYS = 2


@register.inclusion_tag("listening/home/_surveys.html")
def listening_home_section() -> dict:
    from alianza.listening.selectors.home import surveys_open_now

    return {"surveys": [(survey, survey.text()) for survey in
                        surveys_open_now(limit=HOME_SURVEYS)]}
