"""``/api/osdi/v1/people/``: the collection, one person, PUT, the signup helper, and a
person's taggings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from ninja import Router

from alianza.coalition.models import Person
from alianza.core.osdi import (
    OsdiError,
    osdi_collection,
    osdi_collection_schema,
    osdi_get,
    osdi_require,
)
from alianza.outreach.api.people_out import people_serialize
from alianza.outreach.api.schemas import (
    ItemOut,
    PersonIn,
    PersonOut,
    SignupIn,
    TaggingOut,
)
from alianza.outreach.api.tags_out import (
    items_rows,
    items_serialize,
    taggings_rows,
    taggings_serialize,
)
from alianza.outreach.models import Subscription, Tagging
from alianza.outreach.services.api_people import (
    PersonChanges,
    person_api_update,
    person_signup,
)

router = Router(tags=["people"])

PEOPLE_FILTERS = {"modified_date": "modified_at", "created_date": "created_at",
                  "email_address": "email"}


def people_queryset():
    return Person.objects.filter(erased_at__isnull=True)


def person_get(identifier: str) -> Person:
    return osdi_get(people_queryset(), identifier, label=pgettext("osdi resource", "Person"))


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def changes_from(body: PersonIn) -> PersonChanges:
    """What the client sent, in our terms (one name; the primary address; one county)."""
    primary = next((e for e in body.email_addresses if e.primary), None) or (
        body.email_addresses[0] if body.email_addresses else None)
    phone = next((p for p in body.phone_numbers if p.primary), None) or (
        body.phone_numbers[0] if body.phone_numbers else None)
    postal = next((a for a in body.postal_addresses if a.primary), None) or (
        body.postal_addresses[0] if body.postal_addresses else None)
    language = body.preferred_language or (body.languages_spoken[0]
                                           if body.languages_spoken else None)
    if language is not None:
        language = language.strip()
        if not language or len(language) > 35 or not all(
                part.isalnum() for part in language.split("-")):
            raise OsdiError(400, _("%(value)s is not a language tag such as en, es or "
                                   "es-MX.") % {"value": language[:40]})
    status = primary.status if primary else None
    if status not in (None, "subscribed", "unsubscribed"):
        raise OsdiError(400, _("Only the email statuses “subscribed” and “unsubscribed” "
                               "can be set."))
    return PersonChanges(
        email=primary.address if primary else None,
        given_name=body.given_name,
        family_name=body.family_name,
        phone=phone.number if phone else None,
        language=language,
        county=postal.county if postal else None,
        district_code=postal.district if postal else None,
        extra={str(k): v for k, v in body.custom_fields.items()},
        identifiers=[i for i in body.identifiers if isinstance(i, str)],
        email_status=status,
    )


@router.get("", response=osdi_collection_schema("people", PersonOut), by_alias=True,
            exclude_none=True, summary=gettext_noop("List people"))
def people_list(request: HttpRequest):
    return osdi_collection(
        request, people_queryset(), name="people", filters=PEOPLE_FILTERS,
        serialize=lambda rows: people_serialize(request, rows))


@router.post("", response={200: PersonOut}, by_alias=True, exclude_none=True,
             summary=gettext_noop("Person signup helper: create or update a person, tag them"))
def people_signup(request: HttpRequest, body: SignupIn):
    if body.add_tags or body.remove_tags:
        osdi_require(request.auth, "tags", write=True)  # tagging, as on the staff pages
    changes = changes_from(body.person)
    try:
        result = person_signup(changes=changes, add_tags=body.add_tags,
                               remove_tags=body.remove_tags)
    except ValidationError as error:
        raise OsdiError(400, _message(error)) from None
    return people_serialize(request, [result.person])[0]


@router.get("/{identifier}", response=PersonOut, by_alias=True, exclude_none=True,
            summary=gettext_noop("Get a person"))
def person_detail(request: HttpRequest, identifier: str):
    return people_serialize(request, [person_get(identifier)])[0]


@router.put("/{identifier}", response=PersonOut, by_alias=True, exclude_none=True,
            summary=gettext_noop("Update a person"))
def person_put(request: HttpRequest, identifier: str, body: PersonIn):
    person = person_get(identifier)
    changes = changes_from(body)
    try:
        result = person_api_update(person=person, changes=changes)
    except ValidationError as error:
        raise OsdiError(400, _message(error)) from None
    return people_serialize(request, [result.person])[0]


@router.get("/{identifier}/taggings", response=osdi_collection_schema("taggings", TaggingOut),
            by_alias=True, exclude_none=True, summary=gettext_noop("A person's taggings"))
def person_taggings(request: HttpRequest, identifier: str):
    person = person_get(identifier)
    return osdi_collection(
        request, taggings_rows(Tagging.objects.filter(person=person)), name="taggings",
        filters={"modified_date": "modified_at", "created_date": "created_at"},
        serialize=lambda rows: taggings_serialize(request, rows))


@router.get("/{identifier}/items", response=osdi_collection_schema("items", ItemOut),
            by_alias=True, exclude_none=True, summary=gettext_noop("The lists a person is on"))
def person_items(request: HttpRequest, identifier: str):
    person = person_get(identifier)
    return osdi_collection(
        request, items_rows(Subscription.objects.filter(person=person)), name="items",
        filters={"modified_date": "modified_at", "created_date": "created_at"},
        serialize=lambda rows: items_serialize(request, rows))
