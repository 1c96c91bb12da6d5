"""Tags asked for with a submission (an API client's ``add_tags``), added on confirmation."""

from __future__ import annotations

from django.db.models import Q

from alianza.coalition.models import Person
from alianza.outreach.models import Tag


def join_tags_add(*, person: Person, request) -> int:
    """Add the existing tags named in ``request.tags`` (by name or slug, any case) to
    ``person``. Names of tags that do not exist are ignored, as Action Network does."""
    names = [name.strip() for name in getattr(request, "tags", None) or []
             if isinstance(name, str) and name.strip()]
    if not names:
        return 0
    match = Q()
    for name in names:
        match |= Q(name__iexact=name) | Q(slug__iexact=name)
    tags = list(Tag.objects.filter(match))
    for tag in tags:
        tag.people.add(person)
    return len(tags)
