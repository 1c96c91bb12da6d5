"""Tags an API client puts on the person behind an action (an attendance, an outreach),
matched by name as the people signup helper matches them."""

from __future__ import annotations

from collections.abc import Sequence

from alianza.coalition.models import Person
from alianza.coalition.services.people import person_find
from alianza.outreach.services.api_people import taggings_add, tags_named


def action_tags_add(*, person: Person | None, email: str, names: Sequence[str]) -> int:
    """Put the existing tags ``names`` names on ``person``, else on the record ``email``
    belongs to; returns how many tags matched. Names matching no tag are ignored, as Action
    Network ignores them; an address with no person record gets none (an action does not
    create a record for it)."""
    names = [name for name in names if str(name).strip()]
    if not names:
        return 0
    if person is None and email:
        person = person_find(email=email)
    if person is None or person.erased_at is not None:
        return 0
    tag_ids = {tag.pk for tag in tags_named(names).values()}
    if tag_ids:
        taggings_add(person=person, tag_ids=tag_ids)
    return len(tag_ids)
