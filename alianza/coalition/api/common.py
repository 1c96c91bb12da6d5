"""What the coalition's API resources share: the person behind an action, and the
"record … helper" bodies Action Network clients send with a person in them."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Schema, Status
from pydantic import Field

from alianza.core.osdi import OsdiError, OsdiInput, osdi_get, osdi_href
from alianza.core.services import supported_language

ORIGIN_SYSTEM = "Alianza"


def person_link(request: HttpRequest, person) -> dict[str, str] | None:
    """The ``osdi:person`` link of an action, once people have public identifiers."""
    uuid = getattr(person, "uuid", None)
    return {"href": osdi_href(request, "people", str(uuid))} if uuid else None


def person_uuid(person) -> str | None:
    uuid = getattr(person, "uuid", None)
    return str(uuid) if uuid else None


def api_language() -> str:
    """Texts kept in several languages are shown in the site's default language."""
    return settings.LANGUAGE_CODE


# What filters the coalition's resources take, and the first fields of their bodies.
FILTERS = {"modified_date": "modified_at", "created_date": "created_at"}


class ActionPageOut(Schema):
    """A page people act on (a petition, a workgroup's sign-up form)."""

    identifiers: list[str]
    origin_system: str
    created_date: str | None
    modified_date: str | None
    name: str
    title: str
    description: str


class ActionOut(Schema):
    """One person's action on such a page (a signature, a submission)."""

    identifiers: list[str]
    created_date: str | None
    modified_date: str | None
    person_id: str | None = Field(None, alias="action_network:person_id")


class EmailAddressIn(OsdiInput):
    address: str = Field(max_length=254)
    primary: bool | None = None
    status: str | None = Field(None, max_length=20)


class PhoneNumberIn(OsdiInput):
    number: str = Field(max_length=40)
    primary: bool | None = None
    number_type: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=20)


class PostalAddressIn(OsdiInput):
    # Accepted because Action Network clients send it; the forms here ask for no address.
    primary: bool | None = None
    address_lines: list[str] | None = Field(None, max_length=5)
    locality: str | None = Field(None, max_length=200)
    region: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=20)
    country: str | None = Field(None, max_length=10)


class PersonIn(OsdiInput):
    __doc__ = gettext_noop(
        "The person part of a record helper body (Action Network's field names).")

    given_name: str | None = Field(None, max_length=200)
    family_name: str | None = Field(None, max_length=200)
    email_addresses: list[EmailAddressIn] = Field(min_length=1, max_length=5)
    phone_numbers: list[PhoneNumberIn] | None = Field(None, max_length=5)
    postal_addresses: list[PostalAddressIn] | None = Field(None, max_length=5)
    languages_spoken: list[str] | None = Field(None, max_length=5)


def person_fields(person: PersonIn) -> dict[str, str]:
    """Name, address, phone and language as the web forms take them."""
    primary = next((e for e in person.email_addresses if e.primary), person.email_addresses[0])
    phones = person.phone_numbers or []
    phone = next((p for p in phones if p.primary), phones[0]) if phones else None
    spoken = [code for code in person.languages_spoken or [] if code.strip()]
    language = supported_language(spoken[0]) if spoken else settings.LANGUAGE_CODE
    name = " ".join(part.strip() for part in (person.given_name, person.family_name)
                    if part and part.strip())
    return {"name": name, "email": primary.address.strip(),
            "phone": phone.number.strip() if phone else "", "language": language}


def form_errors(form) -> str:
    """A web form's errors in one line, for an API error body."""
    parts = []
    for field, errors in form.errors.items():
        label = {"name": "person.given_name / person.family_name",
                 "email": "person.email_addresses", "phone": "person.phone_numbers"
                 }.get(field, field)
        parts.append(f"{label}: {' '.join(str(e) for e in errors)}")
    return _("Invalid request: %(details)s") % {"details": "; ".join(parts)}


def person_form_clean(person: PersonIn, form_class, *, fields: tuple[str, ...],
                      extra: dict | None = None) -> tuple[dict, str]:
    """The web form ``form_class`` filled in with the person's ``fields`` (and ``extra``):
    its cleaned data and the person's language; a 400 naming the API's fields otherwise."""
    given = person_fields(person)
    form = form_class(data={**(extra or {}), **{name: given[name] for name in fields}})
    if not form.is_valid():
        raise OsdiError(400, form_errors(form))
    return form.cleaned_data, given["language"]


def person_rows(rows: QuerySet, person_id: str) -> QuerySet:
    """``rows`` of the person ``person_id`` names (404 if none)."""
    from alianza.coalition.models import Person

    return rows.filter(person=osdi_get(Person.objects.all(), person_id, label=_("Person")))


class Accepted(Schema):
    __doc__ = gettext_noop(
        "The answer to a record helper: the request is taken; the action waits for "
        "the person to confirm by email, as on the website.")

    message: str
    links: dict[str, dict[str, str]] = Field(alias="_links")


def accepted(request: HttpRequest, *, resource: str, uuid, relation: str, children: str,
             message: str) -> Status:
    """The 202 answer to a record helper, linking to the resource and its records."""
    own = osdi_href(request, resource, str(uuid))
    return Status(202, {"message": message,
                        "_links": {f"osdi:{relation}": {"href": own},
                                   f"osdi:{children}": {"href": f"{own}/{children}"}}})


def modified_with(child, parent, parent_pk) -> None:
    """Move ``parent``'s ``modified_at`` when a ``child`` row (a text in one language, a
    version) is saved or deleted: to an API client the parent is what changed."""
    from django.db.models.signals import post_delete, post_save
    from django.utils import timezone

    def touch(sender, instance, **kwargs) -> None:
        if kwargs.get("raw"):
            return  # loading fixtures
        pk = parent_pk(instance)
        if pk is not None:
            parent.objects.filter(pk=pk).update(modified_at=timezone.now())

    uid = f"osdi-modified:{child._meta.label}->{parent._meta.label}"
    post_save.connect(touch, sender=child, weak=False, dispatch_uid=uid)
    post_delete.connect(touch, sender=child, weak=False, dispatch_uid=uid + ":delete")


def register_people(people, *, family: str) -> None:
    """Mount a router of ``people/<id>/…`` sub-collections (a person's signatures, …)
    under the people prefix; its operations need the ``family`` scope."""
    from alianza.core.osdi.api import osdi_router_register

    osdi_router_register(prefix="people", family=family, router=people)

