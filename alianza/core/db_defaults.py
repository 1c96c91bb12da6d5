"""Column defaults the database fills in itself, for rows written without the ORM.

Bulk imports insert rows with COPY or multi-row INSERTs that name only the columns they
know (``coalition.imports.batches.rows_insert``): a column added later, such as a public
uuid, must still get a value there.
"""

from __future__ import annotations

from django.db.models import Func, UUIDField


class RandomUuid(Func):
    """A new random UUID: ``gen_random_uuid()`` on PostgreSQL, 16 random bytes in hex on
    SQLite (where Django keeps a UUID as 32 hex characters)."""

    output_field = UUIDField()
    arity = 0

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover - per vendor
        return "gen_random_uuid()", []

    def as_sqlite(self, compiler, connection, **extra_context):
        return "(lower(hex(randomblob(16))))", []


def uuids_fill(apps, schema_editor, *, app_label: str, models: list[str]) -> None:
    """Give each existing row of ``models`` a uuid (migrations adding public identifiers).

    Chunked, so a hundred thousand people never sit in memory at once. On PostgreSQL the
    constraint checks the updates queued are run now: the same migration then alters the
    table, which PostgreSQL refuses while trigger events are pending.
    """
    import uuid

    from django.db import connection

    for name in models:
        model = apps.get_model(app_label, name)
        rows = model.objects.using(schema_editor.connection.alias).filter(uuid__isnull=True)
        while True:
            chunk = list(rows.only("pk")[:2000])
            if not chunk:
                break
            for row in chunk:
                row.uuid = uuid.uuid4()
            model.objects.bulk_update(chunk, ["uuid"], batch_size=500)
    if connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
