"""The dry run of a contact import, in the background, and the sweep that keeps imports honest.

A dry run reads every row and plans every write, which for a million-row file takes minutes:
far too long for a web request. Staff ask for it, a worker does it while the page shows its
progress, and a dry run whose worker died is noticed and run again (from the start: it
writes nothing, so there is nothing to resume), a bounded number of times.

``contact_imports_sweep`` is what a periodic job (and ``manage.py contact_imports_sweep``)
calls: it restarts stalled imports and dry runs, fails those that keep dying, and deletes
uploaded files older than ``IMPORT_FILE_MAX_AGE`` so no list of contacts lingers on disk.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alianza.coalition.imports import batches, fields
from alianza.coalition.imports.checked_rows import (
    SUFFIX,
    CheckedRowsWriter,
    checked_rows_delete,
)
from alianza.coalition.imports.readers import ImportFileError
from alianza.coalition.models import ContactImport
from alianza.core.private_files import private_file_delete, private_files_listed
from alianza.core.services import retry_delay
from alianza.core.tasks_compat import task_enqueue

logger = logging.getLogger(__name__)

Status = ContactImport.Status
PROGRESS_EVERY = timedelta(seconds=2)  # how often a dry run reports rows checked
ORPHAN_AFTER = timedelta(days=1)  # a stored file no import points to (a crash at upload)


def _max_attempts() -> int:
    return int(getattr(settings, "IMPORT_MAX_ATTEMPTS", 5))


def _stale_after() -> timedelta:
    from alianza.coalition.services.imports import STALE_AFTER

    return STALE_AFTER


def file_max_age() -> timedelta:
    return timedelta(hours=int(getattr(settings, "IMPORT_FILE_MAX_AGE_HOURS", 7 * 24)))


def contact_import_check(*, contact_import: ContactImport) -> bool:
    """Queue the dry run. Returns False when it can't be queued now (already started).

    Raises ``ImportFileError`` when the mapping lacks a field every row needs.
    """
    missing = fields.missing_fields(contact_import.kind, contact_import.mapping)
    if missing:
        raise ImportFileError(
            _("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    queued = ContactImport.objects.filter(
        pk=contact_import.pk, status__in=(Status.UPLOADED, Status.CHECKED)
    ).update(
        status=Status.CHECKING, processed_rows=0, preview={}, errors=[], error_count=0,
        failure="", attempts=0, heartbeat_at=None, updated_at=timezone.now(),
    )
    if queued:
        transaction.on_commit(lambda: _enqueue_check(contact_import.pk))
    return bool(queued)


def _enqueue_check(import_id: int, *, delay_seconds: float = 0) -> None:
    from alianza.coalition.tasks import contact_import_check_process

    task_enqueue(contact_import_check_process, import_id, delay_seconds=delay_seconds)


def _claim_check(import_id: int) -> ContactImport | None:
    now = timezone.now()
    claimable = ContactImport.objects.filter(pk=import_id, status=Status.CHECKING).filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - _stale_after())
    )
    contact_import = claimable.first()
    if contact_import is None:
        return None
    if not claimable.filter(attempts=contact_import.attempts).update(
        attempts=contact_import.attempts + 1, heartbeat_at=now, updated_at=now
    ):
        return None
    contact_import.refresh_from_db()
    return contact_import


class _Superseded(Exception):
    """The dry run was discarded, or another worker took it over: stop quietly."""


def contact_import_check_run(*, import_id: int) -> None:
    """The worker's side of the dry run: check every row and count what would change."""
    contact_import = _claim_check(import_id)
    if contact_import is None:
        return
    try:
        _dry_run(contact_import)
    except _Superseded:
        return
    except ImportFileError as error:
        _fail_check(contact_import, error.message, retry=False)
    except Exception as error:  # noqa: BLE001 - recorded, then retried with backoff
        logger.exception("Dry run of contact import %s failed", import_id)
        _fail_check(contact_import, f"{type(error).__name__}", retry=True)


def _dry_run(contact_import: ContactImport) -> None:
    from alianza.coalition.services.imports import _Rows

    rows = _Rows(contact_import)
    batches.statistics_refresh()
    # The checked rows are saved for the import to reuse (imports/checked_rows.py).
    saved = CheckedRowsWriter(contact_import, rows.batch_size)
    try:
        _check_all(contact_import, rows, saved)
    finally:
        saved.close()


def _check_all(contact_import: ContactImport, rows, saved: CheckedRowsWriter) -> None:
    from alianza.coalition.services.imports import MAX_SHOWN_ERRORS

    counts: Counter = Counter()
    outcome: Counter = Counter()
    errors: list[dict] = []
    error_count = 0
    rows_with_errors: set[int] = set()
    processed = 0
    reported = timezone.now()
    for valid, row_errors, read in rows.checked():
        saved.add(valid, row_errors, read)
        result = rows.apply(valid, write=False)
        counts.update(result.counts)
        outcome.update(result.outcome)
        processed += read
        for error in [*row_errors, *result.errors]:
            error_count += 1
            if not error.get("warning"):  # a row with warnings only is still imported
                rows_with_errors.add(error["row"])
            if len(errors) < MAX_SHOWN_ERRORS:
                errors.append(error)
        if timezone.now() - reported >= PROGRESS_EVERY:
            reported = timezone.now()
            _beat(contact_import, processed_rows=processed)
    errors.sort(key=lambda error: error["row"])
    saved.save()  # before the status says "checked", so an import started then finds them
    _beat(
        contact_import,
        preview={
            "created": counts["created"], "updated": counts["updated"],
            "unchanged": counts["unchanged"], "skipped": len(rows_with_errors),
            **({"outcome": dict(outcome)} if outcome else {}),
        },
        errors=errors, error_count=error_count, processed_rows=processed,
        total_rows=processed,  # exact now; a workbook's upload only estimated it
        status=Status.CHECKED,
    )


def _beat(contact_import: ContactImport, **changes: object) -> None:
    """Save progress, only while this worker still owns the dry run."""
    now = timezone.now()
    saved = ContactImport.objects.filter(
        pk=contact_import.pk, status=Status.CHECKING, attempts=contact_import.attempts
    ).update(**changes, heartbeat_at=now, updated_at=now)
    if not saved:
        raise _Superseded


def _fail_check(contact_import: ContactImport, failure: str, *, retry: bool) -> None:
    from alianza.coalition.services.imports import _delete_file

    attempts = contact_import.attempts
    gave_up = not retry or attempts >= _max_attempts()
    if not gave_up:
        ContactImport.objects.filter(
            pk=contact_import.pk, status=Status.CHECKING, attempts=attempts
        ).update(failure=failure[:2000], heartbeat_at=None, updated_at=timezone.now())
        _enqueue_check(contact_import.pk, delay_seconds=retry_delay(attempts))
        return
    # A file that can't be read, or that kept failing, is of no more use: don't keep it.
    if ContactImport.objects.filter(
        pk=contact_import.pk, status=Status.CHECKING, attempts=attempts
    ).update(status=Status.FAILED, failure=failure[:2000], stored_path="",
             updated_at=timezone.now()):
        _delete_file(contact_import)


# The sweep ---------------------------------------------------------------------------------


def contact_imports_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Restart stalled work, fail what keeps dying, delete files past their maximum age.

    Safe to run at any time and from several processes: every change is a conditional
    UPDATE on the state that was read.
    """
    from alianza.coalition.services.imports import _delete_file, _enqueue

    now = now or timezone.now()
    stale = now - _stale_after()
    counts = Counter()
    stalled_checks = ContactImport.objects.filter(status=Status.CHECKING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, updated_at__lt=stale)
    )
    for item in stalled_checks:
        if item.attempts >= _max_attempts():
            if ContactImport.objects.filter(pk=item.pk, status=Status.CHECKING,
                                            attempts=item.attempts).update(
                status=Status.FAILED, stored_path="", updated_at=now,
                failure=_("The dry run stopped %(count)s times; upload the file again.")
                % {"count": item.attempts},
            ):
                _delete_file(item)
                counts["failed"] += 1
        else:
            _enqueue_check(item.pk)
            counts["restarted"] += 1
    stalled_imports = ContactImport.objects.filter(
        Q(status=Status.RUNNING, heartbeat_at__lt=stale)
        | Q(status=Status.QUEUED, updated_at__lt=stale)
    )
    for item in stalled_imports:
        if item.attempts >= _max_attempts():
            if ContactImport.objects.filter(pk=item.pk, status=item.status,
                                            attempts=item.attempts).update(
                status=Status.FAILED, stored_path="", updated_at=now,
                failure=_("The import stopped %(count)s times; the contacts imported until "
                          "then are saved. Upload the rest of the file again.")
                % {"count": item.attempts},
            ):
                _delete_file(item)
                counts["failed"] += 1
        else:
            _enqueue(item.pk)
            counts["restarted"] += 1
    # No list of contacts stays on disk past its maximum age, whatever state it is in.
    expired = ContactImport.objects.exclude(stored_path="").filter(
        created_at__lt=now - file_max_age()
    )
    for item in expired:
        if ContactImport.objects.filter(pk=item.pk, stored_path=item.stored_path).update(
            stored_path="", updated_at=now,
            status=Status.DONE if item.status == Status.DONE else Status.FAILED,
            failure=item.failure if item.status == Status.DONE else _expired_message(),
        ):
            private_file_delete(item.stored_path)
            checked_rows_delete(item.stored_path)
            counts["expired"] += 1
    counts["orphans"] = _delete_orphans(now)
    return dict(counts)


def _expired_message() -> str:
    hours = max(int(file_max_age().total_seconds() // 3600), 1)
    return ngettext(
        "The uploaded file was deleted because it was older than %(hours)s hour.",
        "The uploaded file was deleted because it was older than %(hours)s hours.",
        hours,
    ) % {"hours": hours}


def _delete_orphans(now: datetime) -> int:
    """Files in the imports folder that no import points to (a crash during an upload)."""
    known = {Path(path).name for path in ContactImport.objects.exclude(stored_path="")
             .values_list("stored_path", flat=True)}
    known |= {f"{name}{SUFFIX}" for name in known}  # the dry run's checked rows beside it
    deleted = 0
    for name, modified in private_files_listed("imports"):
        if Path(name).name in known:
            continue
        if modified < now - ORPHAN_AFTER:
            private_file_delete(name)
            deleted += 1
    return deleted
