"""``/api/osdi/v1/tags/``: tags, and the taggings that put them on people."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from ninja import Router, Schema

from alianza.coalition.models import Person
from alianza.coalition.services.people import person_find
from alianza.core.osdi import (
    OsdiError,
    osdi_collection,
    osdi_collection_schema,
    osdi_find,
    osdi_get,
    osdi_identifiers_save,
)
from alianza.outreach.api.schemas import TaggingIn, TaggingOut, TagIn, TagOut
from alianza.outreach.api.tags_out import taggings_rows, taggings_serialize, tags_serialize
from alianza.outreach.models import Tag, Tagging
from alianza.outreach.services.api_people import tag_create, tagging_create, tagging_delete

router = Router(tags=["tags"])

DATE_FILTERS = {"modified_date": "modified_at", "created_date": "created_at"}


class Notice(Schema):
    notice: str


def tag_get(identifier: str) -> Tag:
    return osdi_get(Tag.objects.all(), identifier, label=pgettext("osdi resource", "Tag"))


@router.get("", response=osdi_collection_schema("tags", TagOut), by_alias=True,
            exclude_none=True, summary=gettext_noop("List tags"))
def tags_list(request: HttpRequest):
    return osdi_collection(request, Tag.objects.all(), name="tags",
                           filters={**DATE_FILTERS, "name": "name"},
                           serialize=lambda rows: tags_serialize(request, rows))


@router.post("", response=TagOut, by_alias=True, exclude_none=True,
             summary=gettext_noop("Create a tag (an existing tag of that name is returned)"))
def tags_create(request: HttpRequest, body: TagIn):
    try:
        tag, _created = tag_create(name=body.name)
    except ValidationError as error:
        raise OsdiError(400, " ".join(error.messages)) from None
    if body.identifiers:
        osdi_identifiers_save(tag, body.identifiers)
    return tags_serialize(request, [tag])[0]


@router.get("/{identifier}", response=TagOut, by_alias=True, exclude_none=True,
            summary=gettext_noop("Get a tag"))
def tag_detail(request: HttpRequest, identifier: str):
    return tags_serialize(request, [tag_get(identifier)])[0]


@router.get("/{identifier}/taggings", response=osdi_collection_schema("taggings", TaggingOut),
            by_alias=True, exclude_none=True, summary=gettext_noop("A tag's taggings"))
def tag_taggings(request: HttpRequest, identifier: str):
    tag = tag_get(identifier)
    return osdi_collection(request, taggings_rows(Tagging.objects.filter(tag=tag)),
                           name="taggings", filters=DATE_FILTERS,
                           serialize=lambda rows: taggings_serialize(request, rows))


def _person_from(body: TaggingIn) -> Person:
    """The person a tagging names, by ``_links["osdi:person"]`` or a ``person`` object."""
    people = Person.objects.filter(erased_at__isnull=True)
    person = None
    if body.links is not None:
        reference = urlsplit(body.links.person.href).path.rstrip("/").rsplit("/", 1)[-1]
        pk = osdi_find(Person, [reference]) if reference else None
        person = people.filter(pk=pk).first() if pk else None
    elif body.person is not None:
        pk = osdi_find(Person, body.person.identifiers) if body.person.identifiers else None
        person = people.filter(pk=pk).first() if pk else None
        for email in body.person.email_addresses:
            if person is None:
                found = person_find(email=email.address)
                person = found if found is not None and found.erased_at is None else None
    else:
        raise OsdiError(400, _("Name the person to tag in _links[\"osdi:person\"] or in "
                               "person."))
    if person is None:
        raise OsdiError(400, _("No person matches the one this tagging names."))
    return person


@router.post("/{identifier}/taggings", response=TaggingOut, by_alias=True,
             exclude_none=True, summary=gettext_noop("Tag a person"))
def tagging_add(request: HttpRequest, identifier: str, body: TaggingIn):
    tag = tag_get(identifier)
    person = _person_from(body)
    tagging, _created = tagging_create(tag=tag, person=person)
    if body.identifiers:
        osdi_identifiers_save(tagging, body.identifiers)
    return taggings_serialize(request, list(taggings_rows(Tagging.objects.filter(
        pk=tagging.pk))))[0]


def tagging_get(tag: Tag, identifier: str) -> Tagging:
    return osdi_get(taggings_rows(Tagging.objects.filter(tag=tag)), identifier,
                    label=pgettext("osdi resource", "Tagging"))


@router.get("/{identifier}/taggings/{tagging}", response=TaggingOut, by_alias=True,
            exclude_none=True, summary=gettext_noop("Get a tagging"))
def tagging_detail(request: HttpRequest, identifier: str, tagging: str):
    return taggings_serialize(request, [tagging_get(tag_get(identifier), tagging)])[0]


@router.delete("/{identifier}/taggings/{tagging}", response=Notice,
               summary=gettext_noop("Remove a tag from a person"))
def tagging_remove(request: HttpRequest, identifier: str, tagging: str):
    tagging_delete(tagging=tagging_get(tag_get(identifier), tagging))
    return {"notice": _("This tagging was deleted.")}
