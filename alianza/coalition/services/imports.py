"""Writes for contact imports: upload, column mapping, dry run, and the import itself.

The import runs as a background task in batches. Each batch and the progress that counts it
are committed together, so a task that fails or is killed resumes after the last committed
batch; and because every row is matched on its normalised email (or organization name)
before anything is created, running a batch twice never creates anyone twice.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.coalition.imports import batches, fields, presets, readers
from alianza.coalition.imports.checked_rows import checked_rows_delete, checked_rows_read
from alianza.coalition.imports.follow_up import follow_up
from alianza.coalition.imports.readers import ImportFileError
from alianza.coalition.models import ContactImport
from alianza.core.private_files import (
    private_file_delete,
    private_file_exists,
    private_file_local,
    private_file_save,
)
from alianza.core.services import retry_delay
from alianza.core.tasks_compat import task_enqueue

logger = logging.getLogger(__name__)

__all__ = [
    "ImportFileError", "contact_import_check", "contact_import_check_run",
    "contact_import_create", "contact_import_discard", "contact_import_map",
    "contact_import_retry", "contact_import_run", "contact_import_start",
    "contact_imports_sweep",
]

MAX_SHOWN_ERRORS = 1000  # errors kept for display; error_count has them all
STALE_AFTER = timedelta(minutes=5)  # a running import silent this long has lost its worker
STATISTICS_EVERY = 20_000  # rows written between refreshes of the planner's statistics


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))




def contact_import_create(*, upload: UploadedFile, kind: str, user,
                          preset: str = "") -> ContactImport:
    """Store an uploaded file, check that it can be read, and guess its column mapping.

    ``preset`` names the tool the file was exported from; left blank, the column names say.

    Raises ``ImportFileError`` with a message for the person when the file can't be used;
    nothing is kept in that case.
    """
    limit = settings.IMPORT_MAX_BYTES
    if not upload.size:
        raise ImportFileError(_("The file is empty."))
    if upload.size > limit:
        raise ImportFileError(
            _("The file is %(size)s; the largest file you can import is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    # Through the storage API: the worker that runs the import may be on another server.
    name = private_file_save(upload, folder="imports")
    try:
        with private_file_local(name) as path:
            info = readers.inspect_file(
                path, original_name=upload.name or "",
                max_columns=_setting("IMPORT_MAX_COLUMNS", 100),
                max_rows=_setting("IMPORT_MAX_ROWS", 1_000_000),
            )
    except BaseException:
        private_file_delete(name)
        raise
    if kind != ContactImport.Kind.PEOPLE:
        preset = ContactImport.Preset.SPREADSHEET
    elif preset not in ContactImport.Preset.values:
        preset = presets.detect(info.headers)
    original = (upload.name or "")[:255]
    return ContactImport.objects.create(
        kind=kind, preset=preset, original_name=original, stored_path=name,
        file_format=info.file_format, encoding=info.encoding, delimiter=info.delimiter,
        size_bytes=upload.size, columns=info.headers, samples=info.samples,
        mapping=presets.mapping(preset, kind, info.headers), total_rows=info.total_rows,
        options={"coalition": presets.defaults(preset, info.headers, original)},
        created_by=user if getattr(user, "pk", None) else None,
    )


def contact_import_map(*, contact_import: ContactImport, mapping: dict[str, int],
                       options: dict | None = None) -> None:
    """Save a new column mapping and options; a change needs a new dry run.

    ``options`` hold the consent wording (under "coalition") and each import hook's
    choices (under the hook's key); keys not given keep their saved value.
    """
    if contact_import.status not in (ContactImport.Status.UPLOADED, ContactImport.Status.CHECKED):
        return
    merged = dict(contact_import.options)
    for key, value in (options or {}).items():
        merged[key] = {**merged.get(key, {}), **value} if key == "coalition" else value
    if mapping != contact_import.mapping or merged != contact_import.options:
        contact_import.mapping = mapping
        contact_import.options = merged
        contact_import.status = ContactImport.Status.UPLOADED
        contact_import.save(update_fields=["mapping", "options", "status", "updated_at"])


class _Rows:
    """Reads and checks the rows of one import, remembering what the file already held."""

    def __init__(self, contact_import: ContactImport) -> None:
        self.contact_import = contact_import
        self.mapping = {key: int(index) for key, index in contact_import.mapping.items()}
        self.headers = contact_import.columns
        self.seen: dict[str, int] = {}  # normalised email or organization name → first row
        self.people = contact_import.kind == ContactImport.Kind.PEOPLE
        self.defaults = contact_import.options.get("coalition", {})

    def checked(self, skip: int = 0, *,
                reuse: bool = False) -> Iterator[tuple[list, list[dict], int]]:
        """Yield ``(valid rows, row errors, rows read)`` a batch at a time.

        The first ``skip`` rows are read only to remember their addresses, so a resumed
        import still spots duplicates of rows it imported before it stopped. With
        ``reuse``, the dry run's saved batches are read instead when they still apply.
        """
        name = self.contact_import.stored_path
        if not private_file_exists(name):
            raise ImportFileError(_("The uploaded file is no longer there. Upload it again."))
        saved = checked_rows_read(self.contact_import, self.batch_size, skip) if reuse \
            else None
        if saved is not None:
            yield from saved
            return
        with private_file_local(name) as path:
            yield from self._batches(path, skip)

    @property
    def batch_size(self) -> int:
        return _setting("IMPORT_BATCH_SIZE", 2000)

    def _batches(self, path: Path, skip: int) -> Iterator[tuple[list, list[dict], int]]:
        size = self.batch_size
        rows = readers.iter_rows(
            path, file_format=self.contact_import.file_format,
            encoding=self.contact_import.encoding, delimiter=self.contact_import.delimiter,
        )
        valid: list = []
        errors: list[dict] = []
        read = 0
        for position, (number, cells) in enumerate(rows):
            row = self._check(number, cells, errors if position >= skip else [])
            if position < skip:
                continue
            read += 1
            if row is not None:
                valid.append(row)
            if read == size:
                yield valid, errors, read
                valid, errors, read = [], [], 0
        if read:
            yield valid, errors, read

    def _check(self, number: int, cells: list[str], errors: list[dict]):
        if self.people:
            row, problems = fields.clean_person(number, cells, self.mapping, self.headers,
                                                self.defaults)
        else:
            row, problems = fields.clean_organization(number, cells, self.mapping, self.headers)
        errors.extend(problems)  # with a row: warnings only, the row is still imported
        if row is None:
            return None
        keys = row.emails if self.people else [row.normalized_name]
        first = next((self.seen[key] for key in keys if key in self.seen), None)
        if first is not None:
            column = self.headers[self.mapping["email" if self.people else "name"]]
            errors.append({"row": number, "column": column, "code": "duplicate",
                           "params": {"row": first}})
            return None
        for key in keys:
            self.seen[key] = number
        return row

    def apply(self, valid: list, *, write: bool) -> batches.BatchResult:
        if self.people:
            result = batches.apply_people(valid, write=write)
        else:
            result = batches.apply_organizations(valid, write=write)
        for error in result.errors:
            error["column"] = error["column"] or self.headers[self.mapping.get("email", 0)]
        if self.people and result.people:
            column = self.headers[self.mapping.get("email", 0)]
            result.outcome, notes = follow_up(
                result, options=self.contact_import.options, write=write,
                import_id=self.contact_import.pk,
                file_name=self.contact_import.original_name, column=column,
            )
            result.errors.extend(notes)
            if write:
                batches.import_links_insert(result, import_id=self.contact_import.pk)
        return result


def contact_import_start(*, contact_import: ContactImport) -> bool:
    """Queue a checked import. Returns False when it was already queued (a double click)."""
    queued = ContactImport.objects.filter(
        pk=contact_import.pk, status=ContactImport.Status.CHECKED
    ).update(
        status=ContactImport.Status.QUEUED, processed_rows=0, created_count=0, updated_count=0,
        unchanged_count=0, error_count=0, errors=[], failure="", attempts=0, outcome={},
        heartbeat_at=None, updated_at=timezone.now(),
    )
    if queued:
        transaction.on_commit(lambda: _enqueue(contact_import.pk))
    return bool(queued)


def contact_import_retry(*, contact_import: ContactImport) -> bool:
    """Queue a failed or stalled import again; it resumes after its last committed batch.

    A stalled dry run is queued again too (it starts over: it wrote nothing).
    """
    stale = timezone.now() - STALE_AFTER
    if ContactImport.objects.filter(
        pk=contact_import.pk, status=ContactImport.Status.CHECKING
    ).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, updated_at__lt=stale)
    ).update(attempts=0, heartbeat_at=None, updated_at=timezone.now()):
        from alianza.coalition.services.import_checks import _enqueue_check

        transaction.on_commit(lambda: _enqueue_check(contact_import.pk))
        return True
    queued = ContactImport.objects.filter(pk=contact_import.pk).exclude(stored_path="").filter(
        Q(status=ContactImport.Status.FAILED)
        | Q(status=ContactImport.Status.RUNNING, heartbeat_at__lt=stale)
        | Q(status=ContactImport.Status.QUEUED, updated_at__lt=stale)
    ).update(status=ContactImport.Status.QUEUED, attempts=0, updated_at=timezone.now())
    if queued:
        transaction.on_commit(lambda: _enqueue(contact_import.pk))
    return bool(queued)


def contact_import_discard(*, contact_import: ContactImport) -> bool:
    """Delete an import that is not being written, with its file.

    A dry run in progress stops at its next report; an import whose worker has stalled
    can be discarded too (the contacts it already imported stay).
    """
    Status = ContactImport.Status
    stale = timezone.now() - STALE_AFTER
    deleted, _rows = ContactImport.objects.filter(pk=contact_import.pk).filter(
        Q(status__in=(Status.UPLOADED, Status.CHECKED, Status.CHECKING, Status.FAILED))
        | Q(status=Status.RUNNING, heartbeat_at__lt=stale)
        | Q(status=Status.QUEUED, updated_at__lt=stale)
    ).delete()
    if not deleted:
        return False
    _delete_file(contact_import)
    return True


def _enqueue(import_id: int, *, delay_seconds: float = 0) -> None:
    from alianza.coalition.tasks import contact_import_process

    task_enqueue(contact_import_process, import_id, delay_seconds=delay_seconds)


def _claim(import_id: int) -> ContactImport | None:
    """Take the import for this worker with one conditional UPDATE, or None if taken."""
    now = timezone.now()
    claimable = ContactImport.objects.filter(pk=import_id).filter(
        Q(status=ContactImport.Status.QUEUED)
        | Q(status=ContactImport.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    )
    contact_import = claimable.first()
    if contact_import is None:
        return None
    attempts = contact_import.attempts + 1
    if not claimable.filter(attempts=contact_import.attempts).update(
        status=ContactImport.Status.RUNNING, attempts=attempts, heartbeat_at=now,
        started_at=contact_import.started_at or now, updated_at=now,
    ):
        return None
    contact_import.refresh_from_db()
    return contact_import


class _Superseded(Exception):
    """Another worker took over this import (ours was thought dead); stop quietly."""


def contact_import_run(*, import_id: int) -> None:
    """Import the file in batches; on failure, retry later from the last committed batch."""
    contact_import = _claim(import_id)
    if contact_import is None:
        return
    try:
        _import(contact_import)
    except _Superseded:
        return
    except ImportFileError as error:
        _fail(contact_import, error.message, retry=False)
    except Exception as error:  # noqa: BLE001 - recorded, then retried with backoff
        logger.exception("Contact import %s failed", import_id)
        _fail(contact_import, f"{type(error).__name__}: {error}", retry=True)
    else:
        _delete_file(contact_import)
        # The sample rows (raw names and addresses) served only to map the columns: a
        # finished import keeps its counts and row messages, not copies of the file.
        ContactImport.objects.filter(pk=import_id, attempts=contact_import.attempts).update(
            status=ContactImport.Status.DONE, finished_at=timezone.now(), stored_path="",
            samples=[], updated_at=timezone.now(),
        )


def _import(contact_import: ContactImport) -> None:
    rows = _Rows(contact_import)
    batches.statistics_refresh()
    # Refreshed each time the import has created as many people again as it had created by
    # the last refresh (at least STATISTICS_EVERY), so the tables have roughly doubled:
    # often while they are small and the planner's picture goes stale fast, rarely once
    # they are big. Updates alone don't grow tables: a re-import refreshes only at start.
    created_since_refresh = 0
    refresh_after = max(STATISTICS_EVERY, contact_import.created_count)
    for valid, row_errors, read in rows.checked(skip=contact_import.processed_rows, reuse=True):
        if created_since_refresh >= refresh_after:
            batches.statistics_refresh()
            refresh_after = max(STATISTICS_EVERY, contact_import.created_count)
            created_since_refresh = 0
        for attempt in range(3):
            try:
                with transaction.atomic():
                    batches.commit_without_waiting()
                    result = rows.apply(valid, write=True)
                    errors = sorted([*row_errors, *result.errors], key=lambda e: e["row"])
                    _record(contact_import, read=read, counts=result.counts, errors=errors,
                            outcome=result.outcome)
                created_since_refresh += result.counts["created"]
                break
            except (IntegrityError, OperationalError):
                # Someone signed up with an address from this batch while it was being
                # written, or the database was briefly locked: plan the batch again.
                contact_import.refresh_from_db()
                if attempt == 2:
                    raise


def _record(contact_import: ContactImport, *, read: int, counts: Counter,
            errors: list[dict], outcome: Counter) -> None:
    """Count a batch in the same transaction that wrote it."""
    total = Counter(contact_import.outcome) + outcome
    shown = contact_import.errors + errors[: max(MAX_SHOWN_ERRORS - len(contact_import.errors), 0)]
    progress = {
        "processed_rows": contact_import.processed_rows + read,
        "created_count": contact_import.created_count + counts["created"],
        "updated_count": contact_import.updated_count + counts["updated"],
        "unchanged_count": contact_import.unchanged_count + counts["unchanged"],
        "error_count": contact_import.error_count + len(errors),
        "errors": shown,
        "outcome": dict(total),
    }
    now = timezone.now()
    saved = ContactImport.objects.filter(
        pk=contact_import.pk, attempts=contact_import.attempts,
        status=ContactImport.Status.RUNNING,
    ).update(**progress, heartbeat_at=now, updated_at=now)
    if not saved:
        raise _Superseded
    for name, value in progress.items():
        setattr(contact_import, name, value)


def _fail(contact_import: ContactImport, failure: str, *, retry: bool) -> None:
    attempts = contact_import.attempts
    gave_up = not retry or attempts >= _setting("IMPORT_MAX_ATTEMPTS", 5)
    ContactImport.objects.filter(pk=contact_import.pk, attempts=attempts).update(
        status=ContactImport.Status.FAILED if gave_up else ContactImport.Status.QUEUED,
        failure=failure[:2000], updated_at=timezone.now(),
    )
    if not gave_up:
        _enqueue(contact_import.pk, delay_seconds=retry_delay(attempts))


def _delete_file(contact_import: ContactImport) -> None:
    private_file_delete(contact_import.stored_path)
    checked_rows_delete(contact_import.stored_path)


# The dry run and the sweep live in their own module; imported last, as they use the above.
from alianza.coalition.services.import_checks import (  # noqa: E402
    contact_import_check,
    contact_import_check_run,
    contact_imports_sweep,
)
