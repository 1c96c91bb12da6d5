"""Apply one batch of checked rows to the database, or only count what would change.

A batch is planned with a handful of queries (who already has these addresses, which
organizations already exist) and written with bulk operations, so 100,000 contacts take
seconds rather than minutes. The same planning code serves the dry run (``write=False``),
so the dry run and the import agree. Existing records only get their blanks filled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from alianza.coalition.imports.fields import OrganizationRow, PersonRow
from alianza.coalition.models import Affiliation, Organization, Person, PersonEmail

LOOKUP_CHUNK = 500  # keeps IN (...) lists well under SQLite's parameter limit


@dataclass
class BatchResult:
    counts: Counter = field(default_factory=Counter)  # created / updated / unchanged
    errors: list[dict] = field(default_factory=list)


def _chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _fill_blanks(record: object, values: Iterable[tuple[str, str]]) -> list[str]:
    changed = []
    for name, value in values:
        if value and not getattr(record, name):
            setattr(record, name, value)
            changed.append(name)
    return changed


def apply_people(rows: list[PersonRow], *, write: bool) -> BatchResult:
    """Create new people, fill blanks of known ones, and link them to their organizations."""
    result = BatchResult()
    emails = [email for row in rows for email in row.emails]
    owner: dict[str, int] = {}
    for chunk in _chunks(emails):
        owner.update(Person.objects.filter(email__in=chunk).values_list("email", "pk"))
        owner.update(PersonEmail.objects.filter(email__in=chunk).values_list("email", "person"))
    known: dict[int, Person] = {}
    for chunk in _chunks(sorted(set(owner.values()))):
        known.update(Person.objects.only("pk", "name", "phone", "county").in_bulk(chunk))

    organizations = _organizations_by_name({row.organization for row in rows if row.organization})
    affiliated: dict[tuple[int, int], Affiliation] = {}
    pairs = []
    for row in rows:
        ids = {owner[email] for email in row.emails if email in owner}
        organization_id = organizations.get(_norm(row.organization))
        if len(ids) == 1 and organization_id:
            pairs.append((ids.pop(), organization_id))
    if pairs:
        for chunk in _chunks(pairs):
            people_ids = {person for person, _org in chunk}
            org_ids = {org for _person, org in chunk}
            for affiliation in Affiliation.objects.filter(
                person__in=people_ids, organization__in=org_ids
            ).only("pk", "person", "organization", "title"):
                affiliated[(affiliation.person_id, affiliation.organization_id)] = affiliation

    new_people: list[Person] = []
    new_emails: list[tuple[PersonRow | Person, str]] = []
    changed_people: dict[int, Person] = {}
    changed_fields: set[str] = set()
    links: list[tuple[PersonRow | Person, str, str]] = []  # (row or person, org name, title)
    retitled: list[Affiliation] = []
    for row in rows:
        ids = {owner[email] for email in row.emails if email in owner}
        if len(ids) > 1:
            result.errors.append({"row": row.row, "column": "", "code": "conflict",
                                  "params": {}})
            continue
        if not ids:
            person = Person(name=row.name, email=row.email, phone=row.phone, county=row.county,
                            preferred_language=row.language or "en")
            new_people.append(person)
            new_emails.extend((person, email) for email in row.other_emails)
            if row.organization:
                links.append((person, row.organization, row.title))
            result.counts["created"] += 1
            continue
        person = known[ids.pop()]
        # The preferred language is kept: people may have chosen it themselves.
        changed = _fill_blanks(person, (("name", row.name), ("phone", row.phone),
                                        ("county", row.county)))
        missing = [email for email in row.emails if email not in owner]
        new_emails.extend((person, email) for email in missing)
        linked = False
        if row.organization:
            organization_id = organizations.get(_norm(row.organization))
            affiliation = affiliated.get((person.pk, organization_id)) if organization_id else None
            if affiliation is None:
                links.append((person, row.organization, row.title))
                linked = True
            elif row.title and not affiliation.title:
                affiliation.title = row.title
                retitled.append(affiliation)
                linked = True
        if changed:
            changed_people[person.pk] = person
            changed_fields.update(changed)
        result.counts["updated" if changed or missing or linked else "unchanged"] += 1

    wanted: dict[str, str] = {}  # the first spelling in the file names a new organization
    for _who, name, _title in links:
        if _norm(name) not in organizations:
            wanted.setdefault(_norm(name), name)
    if not write:
        return result

    if wanted:
        created = Organization.objects.bulk_create([
            Organization(name=" ".join(name.split()), normalized_name=key,
                         kind=Organization.Kind.OTHER)
            for key, name in wanted.items()
        ])
        organizations.update({org.normalized_name: org.pk for org in created})
        if any(org.pk is None for org in created):
            organizations.update(_organizations_by_name(set(wanted.values())))
    if new_people:
        Person.objects.bulk_create(new_people)
        if any(person.pk is None for person in new_people):  # databases without RETURNING
            ids_by_email = {}
            for chunk in _chunks([person.email for person in new_people]):
                ids_by_email.update(
                    Person.objects.filter(email__in=chunk).values_list("email", "pk")
                )
            for person in new_people:
                person.pk = ids_by_email[person.email]
    if new_emails:
        PersonEmail.objects.bulk_create(
            [PersonEmail(person_id=person.pk, email=email) for person, email in new_emails]
        )
    if changed_people:
        Person.objects.bulk_update(list(changed_people.values()), sorted(changed_fields))
    if links:
        Affiliation.objects.bulk_create(
            [Affiliation(person_id=person.pk, organization_id=organizations[_norm(name)],
                         title=title) for person, name, title in links],
            ignore_conflicts=True,
        )
    if retitled:
        Affiliation.objects.bulk_update(retitled, ["title"])
    return result


def apply_organizations(rows: list[OrganizationRow], *, write: bool) -> BatchResult:
    result = BatchResult()
    existing: dict[str, Organization] = {}
    names = [row.normalized_name for row in rows]
    for chunk in _chunks(names):
        # Names were never unique in the table; the oldest organization wins.
        for organization in Organization.objects.filter(normalized_name__in=chunk).order_by("-pk"):
            existing[organization.normalized_name] = organization
    new: list[Organization] = []
    changed: dict[int, Organization] = {}
    changed_fields: set[str] = set()
    for row in rows:
        organization = existing.get(row.normalized_name)
        if organization is None:
            new.append(Organization(
                name=" ".join(row.name.split()), normalized_name=row.normalized_name,
                kind=row.kind or Organization.Kind.OTHER, county=row.county, region=row.region,
                website=row.website, languages_served=row.languages_served,
            ))
            result.counts["created"] += 1
            continue
        fields = _fill_blanks(organization, (
            ("county", row.county), ("region", row.region), ("website", row.website),
            ("languages_served", row.languages_served),
        ))
        if row.kind and row.kind != organization.kind == Organization.Kind.OTHER:
            organization.kind = row.kind
            fields.append("kind")
        if fields:
            changed[organization.pk] = organization
            changed_fields.update(fields)
        result.counts["updated" if fields else "unchanged"] += 1
    if write:
        if new:
            Organization.objects.bulk_create(new)
        if changed:
            Organization.objects.bulk_update(list(changed.values()), sorted(changed_fields))
    return result


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def _organizations_by_name(names: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted({_norm(name) for name in names})):
        for pk, normalized in (
            Organization.objects.filter(normalized_name__in=chunk)
            .order_by("-pk").values_list("pk", "normalized_name")
        ):
            found[normalized] = pk  # ordered newest first, so the oldest is kept
    return found
