"""Writes for people, organizations and consent records."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from alianza.coalition.models import (
    Affiliation,
    Consent,
    Organization,
    Person,
    PersonEmail,
    normalize_email,
)
from alianza.core.services import supported_language


def person_find(*, email: str) -> Person | None:
    address = normalize_email(email)
    person = Person.objects.filter(email=address).first()
    if person is None:
        other = PersonEmail.objects.select_related("person").filter(email=address).first()
        person = other.person if other else None
    return person


def person_get_or_create(
    *,
    email: str,
    name: str,
    preferred_language: str,
    phone: str = "",
    county: str = "",
) -> tuple[Person, bool]:
    """Find a person by any of their addresses, or create them.

    Fills blanks on an existing record but never overwrites what someone typed before;
    the language they used last becomes their preferred language.
    """
    person = person_find(email=email)
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    email=normalize_email(email), name=name.strip(), phone=phone.strip(),
                    county=county.strip(), preferred_language=preferred_language,
                )
            return person, True
        except IntegrityError:
            # Someone with this address was created at the same moment: use that row.
            person = Person.objects.get(email=normalize_email(email))
    changed = []
    for field, value in (("name", name), ("phone", phone), ("county", county)):
        if value and not getattr(person, field):
            setattr(person, field, value.strip())
            changed.append(field)
    if preferred_language and person.preferred_language != preferred_language:
        person.preferred_language = preferred_language
        changed.append("preferred_language")
    if changed:
        person.save(update_fields=changed)
    return person, False


def organization_get_or_create(
    *,
    name: str,
    kind: str = Organization.Kind.OTHER,
    county: str = "",
    website: str = "",
    update_existing: bool = True,
) -> tuple[Organization, bool]:
    """Organizations are matched by their name, ignoring case and spacing.

    ``update_existing=False`` leaves a found organization exactly as it is: public forms
    pass it, because what a member of the public types must not change a shared record.
    """
    normalized = " ".join(name.lower().split())
    organization = Organization.objects.filter(normalized_name=normalized).first()
    if organization and not update_existing:
        return organization, False
    if organization:
        changed = []
        for field, value in (("county", county), ("website", website)):
            if value and not getattr(organization, field):
                setattr(organization, field, value)
                changed.append(field)
        if kind and organization.kind == Organization.Kind.OTHER and kind != organization.kind:
            organization.kind = kind
            changed.append("kind")
        if changed:
            organization.save(update_fields=[*changed, "normalized_name"])
        return organization, False
    organization = Organization.objects.create(
        name=" ".join(name.split()), kind=kind or Organization.Kind.OTHER, county=county,
        website=website,
    )
    return organization, True


def affiliation_set(*, person: Person, organization: Organization, title: str = "") -> Affiliation:
    affiliation, created = Affiliation.objects.get_or_create(
        person=person, organization=organization, defaults={"title": title.strip()}
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
