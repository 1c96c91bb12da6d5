"""The dry run's checked rows, kept beside the uploaded file for the import to reuse.

Reading and checking every row (names, addresses, languages, places, consent columns) is
the biggest share of the import's own CPU time, and it gives the same answer twice: the
result depends only on the file, the column mapping and the consent options. So the dry run
saves its batches (valid rows and row problems) next to the upload, and the import reads
them back instead of checking the file again. A fingerprint of everything the check
depends on guards the reuse: if the mapping or options changed, or the saved rows are
missing or unreadable, the import simply checks the file again, as it always did.

The saved rows hold the same personal data as the upload, so they live and die with it
(``checked_rows_delete`` is called wherever the upload is deleted).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File

from alianza.coalition.imports.fields import OrganizationRow, PersonRow
from alianza.core.private_files import private_file_delete, private_storage

logger = logging.getLogger(__name__)

# Bump when the checks or the saved shape change: older saved rows are then ignored.
FORMAT = 1
SUFFIX = ".checked"


def checked_rows_name(stored_path: str) -> str:
    return f"{stored_path}{SUFFIX}" if stored_path else ""


def checked_rows_delete(stored_path: str) -> None:
    private_file_delete(checked_rows_name(stored_path))


def fingerprint(contact_import, batch_size: int) -> str:
    """Everything the checked rows depend on, hashed."""
    basis = [FORMAT, contact_import.kind, contact_import.stored_path, contact_import.size_bytes,
             contact_import.file_format, contact_import.encoding, contact_import.delimiter,
             contact_import.columns, contact_import.mapping,
             contact_import.options.get("coalition", {}), batch_size]
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


def _row_class(kind: str) -> type:
    return OrganizationRow if kind == "organizations" else PersonRow


class CheckedRowsWriter:
    """Collects the dry run's batches in a local temporary file; ``save`` stores them."""

    def __init__(self, contact_import, batch_size: int) -> None:
        self.name = checked_rows_name(contact_import.stored_path)
        self.dated = [f.name for f in dataclasses.fields(_row_class(contact_import.kind))
                      if f.name == "consent_at"]
        folder = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())
        folder.mkdir(parents=True, exist_ok=True)
        # Open across add() calls until save() or close(): not a with-block.
        self.file = tempfile.TemporaryFile(mode="w+b", dir=folder)  # noqa: SIM115
        self._line({"fingerprint": fingerprint(contact_import, batch_size)})

    def _line(self, value: object) -> None:
        self.file.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
        self.file.write(b"\n")

    def add(self, valid: list, errors: list[dict], read: int) -> None:
        # Tuples of the dataclass's fields in order: far cheaper than dataclasses.asdict.
        rows = []
        for row in valid:
            values = dict(row.__dict__)
            for name in self.dated:
                if values[name] is not None:
                    values[name] = values[name].isoformat()
            rows.append(list(values.values()))
        # The count first, so a resumed import skips batches without decoding them.
        self.file.write(f"{read}\t".encode())
        self._line([errors, rows])

    def save(self) -> None:
        """Store the rows beside the upload, replacing what an earlier dry run saved."""
        if not self.name:
            return
        self.file.seek(0)
        storage = private_storage()
        storage.delete(self.name)
        saved = storage.save(self.name, File(self.file, name=Path(self.name).name))
        if saved != self.name:  # a dry run racing this one saved first: keep neither
            storage.delete(saved)
            storage.delete(self.name)
        self.file.close()

    def close(self) -> None:
        self.file.close()


def checked_rows_read(contact_import, batch_size: int,
                      skip: int = 0) -> Iterator[tuple[list, list[dict], int]] | None:
    """The dry run's batches after the first ``skip`` rows, or None when they can't be
    reused (the import then checks the file again)."""
    name = checked_rows_name(contact_import.stored_path)
    storage = private_storage()
    if not name or not storage.exists(name):
        return None
    try:
        handle = storage.open(name, "rb")
        header = json.loads(handle.readline())
    except (OSError, ValueError):
        logger.warning("Saved checked rows of import %s are unreadable", contact_import.pk)
        return None
    if header.get("fingerprint") != fingerprint(contact_import, batch_size):
        handle.close()
        return None
    return _batches(handle, _row_class(contact_import.kind), skip)


def _batches(handle, row_class: type, skip: int) -> Iterator[tuple[list, list[dict], int]]:
    names = [f.name for f in dataclasses.fields(row_class)]
    dated = names.index("consent_at") if "consent_at" in names else None
    passed = 0
    with handle:
        # readline, not iteration: a storage File's iterator starts over from the top.
        for line in iter(handle.readline, b""):
            count, _tab, rest = line.partition(b"\t")
            read = int(count)
            if passed < skip:
                # An import commits whole batches of the same size as the dry run's, so a
                # resumed one skips whole batches.
                passed += read
                continue
            errors, rows = json.loads(rest)
            valid = []
            for values in rows:
                if dated is not None and values[dated] is not None:
                    values[dated] = datetime.fromisoformat(values[dated])
                valid.append(row_class(*values))
            yield valid, errors, read
