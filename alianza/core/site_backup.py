"""A whole site in one ZIP, and back: every table (one JSON-lines file each) and every file
of every storage (uploads and private files). ``manage.py site_backup`` / ``site_restore``.

Unlike the staff export (site_export_build.py), a backup keeps everything needed to bring
the site back as it was, secrets included (password hashes, two-factor devices): it must be
kept as carefully as the database itself. Left out, because they are rebuilt or worthless
after a restore: sessions (everyone signs in again), the search index (``manage.py
library_search_rebuild``), the task queue and the login-attempt log.

Rows are read in one repeatable-read snapshot on PostgreSQL, streamed in chunks, and written
back with raw inserts (no ``auto_now``, no signals) inside one transaction, so a restore is
all or nothing. Foreign keys are checked at commit, so the order of tables does not matter.
Tables are emptied with ``TRUNCATE`` on PostgreSQL, which the consent-history trigger (it
refuses row updates and deletes, coalition migration 0005) does not fire on.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from base64 import b64decode, b64encode
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any
from uuid import UUID

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.duration import duration_iso_string

from alianza.core.private_files import private_storage

FORMAT = "alianza-site-backup/1"
CHUNK_ROWS = 2000
SKIPPED_APPS = {"sessions", "modelsearch", "django_tasks_database", "axes"}
# Rows ``migrate`` itself writes (content types, permissions, the role groups): a database
# holding only these is still empty for a restore, which replaces them.
SEEDED = {"contenttypes.contenttype", "auth.permission", "auth.group",
          "auth.group_permissions"}


class RestoreError(Exception):
    pass


def backed_up_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in SKIPPED_APPS:
            continue
        found.append(model)
    return sorted(found, key=lambda model: model._meta.db_table)


def backup_storages() -> dict[str, Storage]:
    """Every storage holding uploaded or private files, by the name used in the backup."""
    return {"default": storages["default"], "private": private_storage()}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return {"base64": b64encode(bytes(value)).decode()}
    return value


def _decoder(model_field: models.Field):
    if isinstance(model_field, models.JSONField):
        return lambda value: value
    if isinstance(model_field, models.BinaryField):
        return lambda value: None if value is None else b64decode(value["base64"])
    return lambda value: None if value is None else model_field.to_python(value)


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from _walk(storage, f"{folder}/{directory}" if folder else directory)


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def site_backup(out: Any, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write the backup ZIP to ``out`` (a path or a binary file); returns its manifest."""
    connection = connections[using]
    manifest: dict[str, Any] = {
        "format": FORMAT, "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor, "migrations": _applied_migrations(using),
        "tables": [], "files": {},
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6,
                         allowZip64=True) as archive:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                # One snapshot for every table, so rows written meanwhile cannot half-appear.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for model in backed_up_models():
                manifest["tables"].append(_backup_table(archive, model, using))
        for alias, storage in backup_storages().items():
            listed = []
            for name in _walk(storage):
                with storage.open(name, "rb") as source, \
                        archive.open(f"files/{alias}/{name}", "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
                listed.append(name)
            manifest["files"][alias] = listed
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
    return manifest


def _backup_table(archive: zipfile.ZipFile, model: type[models.Model],
                  using: str) -> dict[str, Any]:
    columns = [model_field.attname for model_field in model._meta.concrete_fields]
    count = 0
    with archive.open(f"tables/{model._meta.db_table}.jsonl", "w", force_zip64=True) as raw:
        rows = (model._base_manager.using(using).order_by("pk")
                .values_list(*columns).iterator(chunk_size=CHUNK_ROWS))
        for row in rows:
            raw.write(json.dumps([_encode(value) for value in row],
                                 ensure_ascii=False).encode() + b"\n")
            count += 1
    return {"model": model._meta.label_lower, "table": model._meta.db_table,
            "columns": columns, "rows": count}


def database_is_empty(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    return not any(model._base_manager.using(using).exists() for model in backed_up_models()
                   if model._meta.label_lower not in SEEDED)


def site_restore(source: Any, *, force: bool = False,
                 using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Restore a backup ZIP into this site; returns its manifest.

    The database must be migrated to exactly the backup's migrations, and be empty (only
    what ``migrate`` writes) unless ``force``, which replaces whatever is there.
    """
    with zipfile.ZipFile(source) as archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except KeyError as error:
            raise RestoreError("not an Alianza backup: no manifest.json") from error
        if manifest.get("format") != FORMAT:
            raise RestoreError(f"unknown backup format {manifest.get('format')!r}")
        applied = _applied_migrations(using)
        if applied != manifest["migrations"]:
            missing = len({tuple(m) for m in manifest["migrations"]} - {tuple(m) for m in applied})
            extra = len({tuple(m) for m in applied} - {tuple(m) for m in manifest["migrations"]})
            raise RestoreError(
                f"the database's migrations differ from the backup's ({missing} missing, "
                f"{extra} not in the backup): run this version's migrate on an empty "
                "database, with the code the backup was made with")
        if not force and not database_is_empty(using=using):
            raise RestoreError("the database is not empty; use --force to replace its data")
        by_table = {model._meta.db_table: model for model in backed_up_models()}
        unknown = [entry["table"] for entry in manifest["tables"]
                   if entry["table"] not in by_table]
        if unknown:
            raise RestoreError(f"the backup has tables this site does not: {unknown}")
        with transaction.atomic(using=using):
            _empty_tables(list(by_table.values()), using)
            for entry in manifest["tables"]:
                _restore_table(archive, by_table[entry["table"]], entry, using)
            _reset_sequences(list(by_table.values()), using)
        _restore_files(archive, manifest, force=force)
    return manifest


def _empty_tables(table_models: list[type[models.Model]], using: str) -> None:
    connection = connections[using]
    tables = [model._meta.db_table for model in table_models]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False,
                                          allow_cascade=True)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _restore_table(archive: zipfile.ZipFile, model: type[models.Model], entry: dict,
                   using: str) -> None:
    fields_by_name = {model_field.attname: model_field
                      for model_field in model._meta.concrete_fields}
    missing = [column for column in entry["columns"] if column not in fields_by_name]
    if missing:
        raise RestoreError(f"{entry['table']}: columns not in this site: {missing}")
    fields = [fields_by_name[column] for column in entry["columns"]]
    decoders = [_decoder(model_field) for model_field in fields]
    connection = connections[using]
    batch_size = max(1, connection.ops.bulk_batch_size(fields, [None] * CHUNK_ROWS))
    batch_size = min(batch_size, CHUNK_ROWS)
    batch: list[models.Model] = []
    manager = model._base_manager.using(using)
    with archive.open(f"tables/{entry['table']}.jsonl") as lines:
        for line in lines:
            values = json.loads(line)
            # Built without __init__: its post_init signal would have ImageField open every
            # image to measure it (and the files are restored after the rows).
            obj = model.__new__(model)
            obj._state = ModelState()
            obj.__dict__.update({column: decode(value) for column, decode, value
                                 in zip(entry["columns"], decoders, values, strict=True)})
            batch.append(obj)
            if len(batch) >= batch_size:
                # raw=True: the values as saved, not auto_now's "now".
                manager._insert(batch, fields=fields, raw=True, using=using)
                batch = []
        if batch:
            manager._insert(batch, fields=fields, raw=True, using=using)


def _reset_sequences(table_models: list[type[models.Model]], using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), table_models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _restore_files(archive: zipfile.ZipFile, manifest: dict, *, force: bool) -> None:
    targets = backup_storages()
    for alias, names in manifest["files"].items():
        storage = targets.get(alias)
        if storage is None:
            raise RestoreError(f"no storage {alias!r} on this site for the backup's files")
        for name in names:
            path = PurePosixPath(name)
            if path.is_absolute() or ".." in path.parts:
                raise RestoreError(f"unsafe file name in the backup: {name!r}")
            if storage.exists(name):
                if not force:
                    raise RestoreError(f"a file is already stored as {name!r}; use --force")
                storage.delete(name)
            with archive.open(f"files/{alias}/{name}") as content:
                saved = storage.save(name, File(content, name=PurePosixPath(name).name))
            if saved != name:
                raise RestoreError(f"{name!r} was stored as {saved!r}")
