from datetime import timedelta
from math import ceil

from django import template

register = template.Library()


@register.filter
def whole_minutes(delta: timedelta | None) -> int:
    """A wait as whole minutes, rounded up so "try again in 0 minutes" never shows."""
    if not delta:
        return 0
    return max(1, ceil(delta.total_seconds() / 60))
