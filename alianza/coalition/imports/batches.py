"""Apply one batch of checked rows to the database, or only count what would change.

A batch is planned with a handful of queries (who already has these addresses, which
organizations already exist) and written with bulk operations, so 100,000 contacts take
seconds rather than minutes. The same planning code serves the dry run (``write=False``),
so the dry run and the import agree. Existing records only get their blanks filled.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.models import Model
from django.utils import timezone

from alianza.coalition.imports.fields import OrganizationRow, PersonRow
from alianza.coalition.models import Affiliation, Organization, Person, PersonEmail
from alianza.coalition.models.base import (
    organization_match_key,
    organization_name_key,
    person_search_key,
)

LOOKUP_CHUNK = 500  # keeps IN (...) lists well under SQLite's parameter limit
# What an import may fill in on a known person, when blank.
PERSON_FILLED = ("name", "phone", "county_code", "county", "district_code")


@dataclass
class BatchResult:
    counts: Counter = field(default_factory=Counter)  # created / updated / unchanged
    errors: list[dict] = field(default_factory=list)
    # Each imported row with its person's id (None for a new person in a dry run) and
    # whether the import creates that person.
    people: list[tuple[PersonRow, int | None, bool]] = field(default_factory=list)
    # What the import does to each of ``people``, in the same order (ContactImportPerson).
    actions: list[str] = field(default_factory=list)
    outcome: Counter = field(default_factory=Counter)  # consents, tags, lists (follow_up)


def in_chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
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
    # Plain tuples rather than model instances: building 100,000 instances costs seconds.
    # order_by() drops the models' default ordering, which SQL would otherwise sort by.
    owner: dict[str, int] = {}  # address → person id
    known: dict[int, tuple[str, ...]] = {}  # person id → PERSON_FILLED values
    extras: dict[int, dict] = {}  # person id → columns kept from earlier imports
    emails = [email for row in rows for email in row.emails]
    columns = ["email", "id", "import_extra", *PERSON_FILLED]
    for email, pk, extra, *values in rows_select(Person, columns, "email", emails):
        owner[email] = pk
        known[pk] = tuple(values)
        extras[pk] = _json(extra)
    owner.update(rows_select(PersonEmail, ["email", "person_id"], "email", emails))
    for chunk in in_chunks(sorted(set(owner.values()) - known.keys())):
        for pk, extra, *values in Person.objects.filter(pk__in=chunk).order_by(
        ).values_list("pk", "import_extra", *PERSON_FILLED):
            known[pk] = tuple(values)
            extras[pk] = extra or {}

    organizations = _organizations_by_name({row.organization for row in rows if row.organization})
    affiliated: dict[tuple[int, int], tuple[int, str]] = {}  # (person, org) → (id, title)
    pairs = []
    for row in rows:
        if not row.organization:
            continue
        ids = {owner[email] for email in row.emails if email in owner}
        organization_id = organizations.get(_norm(row.organization))
        if len(ids) == 1 and organization_id:
            pairs.append((ids.pop(), organization_id))
    # By person only: the (person, organization) index answers that directly, where adding
    # "organization IN (...)" can lead the planner to scan whole organizations.
    for chunk in in_chunks(sorted({person for person, _org in pairs})):
        for pk, person_id, organization_id, title in Affiliation.objects.filter(
            person__in=chunk
        ).order_by().values_list("pk", "person", "organization", "title"):
            affiliated[(person_id, organization_id)] = (pk, title)

    new_people: list[PersonRow] = []
    new_emails: list[tuple[PersonRow | int, str]] = []  # (a new person's row or an id, email)
    changed_people: dict[int, tuple[str, ...]] = {}  # id → PERSON_FILLED values
    changed_extras: dict[int, dict] = {}
    links: list[tuple[PersonRow | int, str, str]] = []  # (person, organization name, title)
    retitled: list[tuple[str, int]] = []  # (title, affiliation id)
    for row in rows:
        ids = {owner[email] for email in row.emails if email in owner}
        if len(ids) > 1:
            result.errors.append({"row": row.row, "column": "", "code": "conflict",
                                  "params": {}})
            continue
        if not ids:
            result.people.append((row, None, True))
            result.actions.append("created")
            new_people.append(row)
            new_emails.extend((row, email) for email in row.other_emails)
            if row.organization:
                links.append((row, row.organization, row.title))
            result.counts["created"] += 1
            continue
        pk = ids.pop()
        result.people.append((row, pk, False))
        merged = {**extras[pk], **row.extra}
        if merged != extras[pk]:
            changed_extras[pk] = extras[pk] = merged
        name, phone, county_code, county, district_code = known[pk]
        # The preferred language is kept: people may have chosen it themselves.
        if not (county_code or county):
            county_code, county = row.county_code, row.county
        filled = (name or row.name, phone or row.phone, county_code, county,
                  district_code or row.district_code)
        if filled != known[pk]:
            changed_people[pk] = filled
        missing = [email for email in row.emails if email not in owner]
        new_emails.extend((pk, email) for email in missing)
        linked = False
        if row.organization:
            organization_id = organizations.get(_norm(row.organization))
            affiliation = affiliated.get((pk, organization_id)) if organization_id else None
            if affiliation is None:
                links.append((pk, row.organization, row.title))
                linked = True
            elif row.title and not affiliation[1]:
                retitled.append((row.title, affiliation[0]))
                linked = True
        action = "updated" if pk in changed_people or pk in changed_extras or missing \
            or linked else "unchanged"
        result.counts[action] += 1
        result.actions.append(action)

    wanted: dict[str, str] = {}  # the first spelling in the file names a new organization
    for _who, name, _title in links:
        if _norm(name) not in organizations:
            wanted.setdefault(_norm(name), name)
    if not write:
        return result

    if wanted:
        # Another import or a sign-up may create one of these at the same moment: the
        # unique name key keeps one row, and the lookup below finds whichever won.
        Organization.objects.bulk_create([
            Organization(name=" ".join(name.split()), normalized_name=key,
                         match_key=organization_match_key(name), kind=Organization.Kind.OTHER)
            for key, name in wanted.items()
        ], ignore_conflicts=True)
        organizations.update(_organizations_by_name(set(wanted.values())))
    ids: dict[str, int] = {}  # new people's ids by address
    if new_people:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        to_json = _json_adapter()
        rows_insert(Person, ["name", "email", "phone", "preferred_language", "county_code",
                             "county", "district_code", "import_extra", "created_at",
                             "search_key"],
                    [(row.name, row.email, row.phone, row.language or "en", row.county_code,
                      row.county, row.district_code, to_json(row.extra), now,
                      person_search_key(row.name, row.email))
                     for row in new_people])
        ids.update(rows_select(Person, ["email", "id"], "email",
                               [row.email for row in new_people]))
        result.people = [(row, pk if pk is not None else ids[row.email], created)
                         for row, pk, created in result.people]

    def pk(person: PersonRow | int) -> int:
        return person if isinstance(person, int) else ids[person.email]

    rows_insert(PersonEmail, ["person_id", "email"],
            [(pk(person), email) for person, email in new_emails])
    rows_update(Person, list(PERSON_FILLED),
            [(*values, person_id) for person_id, values in changed_people.items()])
    # A name filled in where there was none must be found by the people search too.
    named = sorted(pk for pk, values in changed_people.items() if values[0] != known[pk][0])
    for chunk in in_chunks(named):
        rows_update(Person, ["search_key"], [
            (person_search_key(name, email), pk) for pk, name, email in
            Person.objects.filter(pk__in=chunk).order_by().values_list("pk", "name", "email")])
    rows_insert(Affiliation, ["person_id", "organization_id", "title", "is_primary_contact"],
            [(pk(person), organizations[_norm(name)], title, False)
             for person, name, title in links], ignore_conflicts=True)
    rows_update(Affiliation, ["title"], retitled)
    rows_update(Person, ["import_extra"],
            [(_json_value(extra), pk) for pk, extra in changed_extras.items()])
    return result


def import_links_insert(result: BatchResult, *, import_id: int) -> None:
    """Link the batch's people to the import with what it did to them: one bulk insert."""
    from alianza.coalition.models import ContactImportPerson

    strongest: dict[int, str] = {}  # a person on two rows of a batch: the bigger change
    for (_row, pk, _created), action in zip(result.people, result.actions, strict=True):
        if pk is not None and _ACTION_RANK[action] > _ACTION_RANK.get(strongest.get(pk), -1):
            strongest[pk] = action
    rows_insert(ContactImportPerson, ["contact_import_id", "person_id", "action"],
                [(import_id, pk, action) for pk, action in strongest.items()])


_ACTION_RANK = {"unchanged": 0, "updated": 1, "created": 2}


def _json(value: object) -> dict:
    """A JSON column read with raw SQL: SQLite gives its text, PostgreSQL the value."""
    if isinstance(value, str):
        return json.loads(value) if value else {}
    return value or {}


def _json_adapter():
    """``_json_value`` for many rows: the connection is looked up once, not per row."""
    field = Person._meta.get_field("import_extra")
    database = connections[DEFAULT_DB_ALIAS]
    return lambda value: field.get_db_prep_save(value, database)


def _json_value(value: dict) -> object:
    return Person._meta.get_field("import_extra").get_db_prep_save(value, connection)


def apply_organizations(rows: list[OrganizationRow], *, write: bool) -> BatchResult:
    result = BatchResult()
    existing: dict[str, Organization] = {}
    names = [row.normalized_name for row in rows]
    for chunk in in_chunks(names):
        # Names were never unique in the table; the oldest organization wins.
        for organization in Organization.objects.filter(normalized_name__in=chunk).order_by(
            "-pk"
        ):
            existing[organization.normalized_name] = organization
    new: list[Organization] = []
    changed: dict[int, Organization] = {}
    changed_fields: set[str] = set()
    for row in rows:
        organization = existing.get(row.normalized_name)
        if organization is None:
            new.append(Organization(
                name=" ".join(row.name.split()), normalized_name=row.normalized_name,
                match_key=organization_match_key(row.name),
                kind=row.kind or Organization.Kind.OTHER, county_code=row.county_code,
                county=row.county, district_code=row.district_code, region=row.region,
                website=row.website, languages_served=row.languages_served,
            ))
            result.counts["created"] += 1
            continue
        fields = _fill_blanks(organization, (
            ("region", row.region), ("website", row.website),
            ("languages_served", row.languages_served), ("district_code", row.district_code),
        ))
        if not (organization.county_code or organization.county) \
                and (row.county_code or row.county):
            organization.county_code, organization.county = row.county_code, row.county
            fields += ["county_code", "county"]
        if row.kind and row.kind != organization.kind == Organization.Kind.OTHER:
            organization.kind = row.kind
            fields.append("kind")
        if fields:
            changed[organization.pk] = organization
            changed_fields.update(fields)
        result.counts["updated" if fields else "unchanged"] += 1
    if write:
        if new:
            # A clash with an organization created meanwhile raises IntegrityError; the
            # import then plans the batch again and finds it.
            Organization.objects.bulk_create(new)
        if changed:
            Organization.objects.bulk_update(list(changed.values()), sorted(changed_fields))
    return result


def rows_insert(model: type[Model], columns: list[str], values: list[tuple], *,
            ignore_conflicts: bool = False) -> None:
    """INSERT many rows, several hundred to a statement.

    Django's bulk_create prepares every value through its field machinery, which costs
    more than the database's own work for 100,000 contacts; these values are already clean.
    """
    if not values:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql" and not ignore_conflicts:
        # COPY streams the rows; a multi-row INSERT is parsed by the client for its
        # placeholders on every statement, which costs more than the database's work.
        with connection.wrap_database_errors, connection.cursor() as cursor, cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        ) as copy:
            for row in values:
                copy.write_row(row)
        return
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    # SQLite builds before 3.32 allow 999 parameters in a statement, and PostgreSQL with
    # client-side binding gets slower per row beyond a few hundred rows a statement.
    per_statement = max(1, 900 // len(columns))
    with connection.cursor() as cursor:
        for chunk in in_chunks(values, per_statement):
            rows = ", ".join([one_row] * len(chunk))
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {rows}{conflict}",
                [value for row in chunk for value in row],
            )


def rows_select(model: type[Model], columns: list[str], key: str, values: list, *,
            where: str = "", params: tuple = ()) -> list[tuple]:
    """The given columns of every row whose ``key`` column is one of ``values`` (and that
    meets ``where``, an SQL condition with ``params``).

    The ORM's IN lookup prepares each of the 100,000 addresses one by one; the hot lookups
    of an import skip that, as ``rows_insert`` does for writes.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    table = quote(model._meta.db_table)
    condition = f"{where} AND " if where else ""
    found: list[tuple] = []
    if connection.vendor == "postgresql":
        # One array parameter: a short statement the client parses once, not 500 marks.
        with connection.cursor() as cursor:
            for chunk in in_chunks(values, 5000):
                cursor.execute(
                    f"SELECT {names} FROM {table} WHERE {condition}{quote(key)} = ANY(%s)",
                    [*params, list(chunk)],
                )
                found.extend(cursor.fetchall())
        return found
    with connection.cursor() as cursor:
        for chunk in in_chunks(values):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {names} FROM {table} WHERE {condition}{quote(key)} IN ({marks})",
                [*params, *chunk],
            )
            found.extend(cursor.fetchall())
    return found


def rows_update(model: type[Model], columns: list[str], values: list[tuple]) -> None:
    """UPDATE rows by id; each tuple holds the new values, then the id."""
    if not values:
        return
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql" and len(values) > 1:
        # One statement for the whole batch: one array a column, unnested into rows. Run
        # one by one, each UPDATE is parsed and planned on its own, which costs the server
        # more than the update itself.
        fields = [model._meta.get_field(column) for column in columns] + [model._meta.pk]
        arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in fields)
        names = [f"c{index}" for index in range(len(fields))]
        assignments = ", ".join(f"{quote(column)} = v.{name}"
                                for column, name in zip(columns, names, strict=False))
        # A row updated twice keeps its last values, as with one statement after another.
        last = list({row[-1]: row for row in values}.values())
        with connection.cursor() as cursor:
            for chunk in in_chunks(last, 5000):
                cursor.execute(
                    f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
                    f"FROM unnest({arrays}) AS v({', '.join(names)}) "
                    f"WHERE {quote(model._meta.pk.column)} = v.{names[-1]}",
                    [list(column) for column in zip(*chunk, strict=True)],
                )
        return
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    if "modified_at" not in columns and any(
            field.name == "modified_at" for field in model._meta.concrete_fields):
        # API clients fetch what changed since their last sync by this column.
        assignments += f", {quote('modified_at')} = CURRENT_TIMESTAMP"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
            f"WHERE {quote(model._meta.pk.column)} = %s",
            values,
        )


def _norm(name: str) -> str:
    return organization_name_key(name)


def statistics_refresh() -> None:
    """Let PostgreSQL's planner see how big the tables have grown.

    Its statistics lag behind a bulk import, and on a table it still thinks is small it
    answers "email IN (500 addresses)" with a full scan instead of the index: ten times
    slower. SQLite has no such statistics unless asked, and uses the index anyway.
    """
    if connection.vendor != "postgresql":
        return
    from alianza.coalition.models import Consent
    from alianza.core.import_hooks import import_hooks

    names = [model._meta.db_table
             for model in (Person, PersonEmail, Organization, Affiliation, Consent)]
    names += [table for hook in import_hooks() for table in hook.tables]
    tables = ", ".join(connection.ops.quote_name(name) for name in names)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
    except DatabaseError:  # only the tables' owner may; it is an optimisation
        pass


def commit_without_waiting() -> None:
    """Let PostgreSQL commit the current batch without waiting for its disk write.

    Safe for a batch: a server crash can lose only the last few commits, whole, and each
    batch is committed with the progress that counts it, so the import resumes before the
    lost batches and writes them again. The import's final status is an ordinary commit,
    which waits for every earlier one to reach the disk.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _organizations_by_name(names: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in in_chunks(sorted({_norm(name) for name in names})):
        for pk, normalized in (
            Organization.objects.filter(normalized_name__in=chunk)
            .order_by("-pk").values_list("pk", "normalized_name")
        ):
            found[normalized] = pk  # ordered newest first, so the oldest is kept
    return found
