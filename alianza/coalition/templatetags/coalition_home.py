"""The coalition's part of the home page: its name, its figures and its open statement."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("coalition/_home_overview.html")
def coalition_home_overview() -> dict:
    from alianza.coalition import selectors

    return {"overview": selectors.public_overview()}
