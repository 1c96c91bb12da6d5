"""Writes for people, organizations and consent records."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from alianza.coalition import places
from alianza.coalition.models import (
    Affiliation,
    Consent,
    Organization,
    Person,
    PersonEmail,
    normalize_email,
)
from alianza.coalition.models.base import organization_name_key
from alianza.coalition.models.people import validate_district_code
from alianza.core.services import supported_language


def person_find(*, email: str, for_update: bool = False) -> Person | None:
    """The person with this address, primary or not; ``for_update`` locks their row (in
    the caller's transaction) as it is read."""
    address = normalize_email(email)
    people = Person.objects.select_for_update() if for_update else Person.objects
    person = people.filter(email=address).first()
    if person is None:
        other = PersonEmail.objects.filter(email=address).values_list("person_id", flat=True)
        person = people.filter(pk__in=other[:1]).first()
    return person


CREATE_ATTEMPTS = 3
T = TypeVar("T")


def person_get_or_create(
    *,
    email: str,
    name: str,
    preferred_language: str,
    phone: str = "",
    county: str = "",
    looked: bool = False,
) -> tuple[Person, bool]:
    """Find a person by any of their addresses, or create them; safe under concurrency.

    ``county`` is a county code or county text; text naming one of the 58 counties is
    stored as its code. Fills blanks on an existing record but never overwrites what
    someone typed before; the language they used last becomes their preferred language.
    ``looked``: the caller has just looked the address up and found no one, so the
    creation is tried first (looking again only if someone else created them meanwhile).
    """
    address = normalize_email(email)
    person, created = _get_or_create(
        look_first=not looked,
        find=lambda: person_find(email=address),
        create=lambda: Person.objects.create(
            email=address, name=name.strip(), phone=phone.strip(), county=county.strip(),
            preferred_language=preferred_language,
        ),
    )
    if created:
        return person, True
    changed = []
    for field, value in (("name", name), ("phone", phone)):
        if value and not getattr(person, field):
            setattr(person, field, value.strip())
            changed.append(field)
    if county and not person.county_code and not person.county:
        person.county = county.strip()
        changed.append("county")
    if preferred_language and person.preferred_language != preferred_language:
        person.preferred_language = preferred_language
        changed.append("preferred_language")
    if changed:
        person.save(update_fields=changed)
    return person, False


def person_confirmed_apply(*, person: Person, name: str = "", language: str = "",
                           now=None) -> Person:
    """What a person typed into a public form, applied once they confirmed it from their
    mailbox: the name and language they gave, and the address marked as confirmed."""
    changed = []
    if name and person.name != name:
        person.name = name
        changed.append("name")
    if language and person.preferred_language != language:
        person.preferred_language = language
        changed.append("preferred_language")
    if person.email_confirmed_at is None:
        person.email_confirmed_at = now or timezone.now()
        changed.append("email_confirmed_at")
    if changed:
        person.save(update_fields=changed)
    return person


def organization_find(*, name: str) -> Organization | None:
    return Organization.objects.filter(normalized_name=organization_name_key(name)).first()


def organization_get_or_create(
    *,
    name: str,
    kind: str = Organization.Kind.OTHER,
    county: str = "",
    website: str = "",
    update_existing: bool = True,
) -> tuple[Organization, bool]:
    """Organizations are matched by their name key (case, accents, punctuation and spacing
    ignored); concurrent calls for one new name create one row.

    ``county`` is a county code or county text, as for people. ``update_existing=False``
    leaves a found organization exactly as it is: public forms pass it, because what a
    member of the public types must not change a shared record.
    """
    organization, created = _get_or_create(
        find=lambda: organization_find(name=name),
        create=lambda: Organization.objects.create(
            name=" ".join(name.split()), kind=kind or Organization.Kind.OTHER,
            county=county.strip(), website=website,
        ),
    )
    if created or not update_existing:
        return organization, created
    changed = []
    if website and not organization.website:
        organization.website = website
        changed.append("website")
    if county and not organization.county_code and not organization.county:
        organization.county = county.strip()
        changed.append("county")
    if kind and organization.kind == Organization.Kind.OTHER and kind != organization.kind:
        organization.kind = kind
        changed.append("kind")
    if changed:
        organization.save(update_fields=changed)
    return organization, False


def _get_or_create(*, find: Callable[[], T | None], create: Callable[[], T],
                   look_first: bool = True) -> tuple[T, bool]:
    """Find, else create in a savepoint; on a unique-key clash, find the winner's row.

    Under READ COMMITTED the losing INSERT waits for the winning transaction and then
    fails, after which the winner's row is visible; the retries cover the winner rolling
    back (the key is free again) and a winner whose row was then deleted.
    """
    for attempt in range(CREATE_ATTEMPTS):
        found = find() if look_first or attempt else None
        if found is not None:
            return found, False
        try:
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            continue
    found = find()
    if found is None:
        raise IntegrityError("The record could neither be created nor found.")
    return found, False


def affiliation_set(*, person: Person, organization: Organization, title: str = "") -> Affiliation:
    affiliation, created = _get_or_create(
        find=lambda: Affiliation.objects.filter(person=person, organization=organization).first(),
        create=lambda: Affiliation.objects.create(person=person, organization=organization,
                                                  title=title.strip()),
    )
    if not created and title and affiliation.title != title.strip():
        affiliation.title = title.strip()
        affiliation.save(update_fields=["title"])
    return affiliation


def consent_record(
    *,
    person: Person,
    kind: str,
    granted: bool,
    wording: str,
    language: str,
    source: str,
    scope: str = "",
) -> Consent:
    return Consent.objects.create(
        person=person, kind=kind, scope=scope, granted=granted, wording=str(wording),
        language=supported_language(language), source=source,
    )


def person_update(
    *,
    person: Person,
    name: str | None = None,
    phone: str | None = None,
    preferred_language: str | None = None,
    county: str | None = None,
    district_code: str | None = None,
    extra: dict | None = None,
) -> Person:
    """Set the given fields of a person's record (staff and API clients acting for staff).

    ``None`` leaves a field as it is; ``county`` is a county code or text, as for
    ``person_get_or_create``; ``extra`` is merged into the imported data kept by column
    name. Raises ``ValidationError`` for an unknown district code.
    """
    changed: list[str] = []
    for field_name, value in (("name", name), ("phone", phone),
                              ("preferred_language", preferred_language)):
        if value is not None and getattr(person, field_name) != " ".join(value.split()):
            setattr(person, field_name, " ".join(value.split()))
            changed.append(field_name)
    if county is not None:
        code, text = places.county_split(county.strip()) if county.strip() else ("", "")
        if (code, text) != (person.county_code, person.county):
            person.county_code, person.county = code, text
            changed += ["county_code", "county"]
    if district_code is not None and district_code != person.district_code:
        validate_district_code(district_code)
        person.district_code = district_code
        changed.append("district_code")
    if extra:
        merged = {**person.import_extra, **extra}
        if merged != person.import_extra:
            person.import_extra = merged
            changed.append("import_extra")
    if changed:
        person.save(update_fields=changed)
    return person
