"""Writes for segments: a named audience saved as a definition (see ``Segment``)."""

from __future__ import annotations

from django.db import transaction

from alianza.outreach.models import Segment

SOURCE_KEYS = ("lists", "tags", "workgroups", "statements", "people_query")
# Filters narrow what the sources gave. ``within_workgroups`` keeps only people on those
# rosters now: a workgroup's leads write to their list, but only to whom is still in the group.
FILTER_KEYS = ("counties", "languages", "within_workgroups")


def segment_definition(
    *,
    lists: list[str] = (),
    tags: list[str] = (),
    workgroups: list[str] = (),
    member_organizations: bool = False,
    statements: list[str] = (),
    counties: list[str] = (),
    languages: list[str] = (),
    people_query: str = "",
) -> dict:
    """A definition with only the keys in use, values sorted, so equal audiences compare
    equal and the stored JSON stays readable."""
    values = {"lists": lists, "tags": tags, "workgroups": workgroups,
              "statements": statements, "counties": counties, "languages": languages}
    definition: dict = {key: sorted({str(v) for v in value}) for key, value in values.items()
                        if value}
    if member_organizations:
        definition["member_organizations"] = True
    if people_query:
        # The staff people list's query string (see coalition.selectors_people): the people
        # it selects when the mailing goes out, not when the segment was saved.
        definition["people_query"] = people_query
    return definition


@transaction.atomic
def segment_save(*, segment: Segment | None, name: str, definition: dict) -> Segment:
    segment = segment or Segment()
    segment.name = " ".join(name.split())
    segment.definition = definition
    segment.full_clean()
    segment.save()
    return segment
