from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_label(tag: str | None) -> str:
    """A BCP 47 tag as the language's name in the reader's language ("es" → "Spanish" /
    "español"), with the tag kept where the region says more ("es-MX" → "Spanish (es-MX)").
    A tag Django does not know is shown as it is, never as an error."""
    if not tag:
        return ""
    try:
        name = get_language_info(tag)["name_translated"]
    except KeyError:
        return tag
    return str(name) if tag.lower() == get_language_info(tag)["code"] else f"{name} ({tag})"


@register.filter
def join_language_labels(tags) -> str:
    """Several tags (a list, or "en,es" as stored) as their names: "English, Spanish"."""
    if isinstance(tags, str):
        tags = tags.split(",")
    return ", ".join(str(language_label(tag.strip())) for tag in tags or () if tag.strip())
