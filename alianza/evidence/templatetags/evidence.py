"""Template helpers for the dashboards, and the English-learner figures on the home page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def cell(row: dict, key: str) -> object:
    return row.get(key)


@register.inclusion_tag("evidence/_home_section.html", takes_context=True)
def evidence_home_section(context) -> dict:
    """The statewide and Los Angeles County EL figures, one click from the home page."""
    from alianza.evidence.models import Level
    from alianza.evidence.selectors import figures as reads
    from alianza.evidence.selectors.pages import entity_page, entity_url

    items = []
    for level, code in ((Level.STATE, ""), (Level.COUNTY, "19")):
        entity = reads.entity_get(level, code)
        if entity is None:
            continue
        page = entity_page(entity, None, full=False)
        el = next((k for k in page.key_figures if k.key == "el_count"), None)
        items.append({"entity": entity, "url": entity_url(entity), "year": page.year,
                      "el": el, "source": el.source if el else None})
    return {"items": items, "request": context.get("request")}


@register.filter
def source_label(dataset) -> str:
    """A dataset as people name it: "California Department of Education, … 2024-25"."""
    from alianza.evidence.selectors.sources import source_label as label

    return label(dataset)
