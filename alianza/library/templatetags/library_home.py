from django import template

from alianza.library.selectors import Card, resources_latest

register = template.Library()


@register.simple_tag
def library_latest(limit: int = 3) -> list[Card]:
    """The latest published resources, in the reader's language where they have it."""
    return resources_latest(limit=limit)
