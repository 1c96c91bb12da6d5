"""The safety sweep for uploaded files: no run stuck "running", no student file left behind.

A worker killed mid-run (``kill -9``, out of memory, a restart) leaves its run or upload
"running" with an old heartbeat and its file on disk. The sweep, run every few minutes by
``manage.py evidence_sweep --every N`` and once before the worker starts, puts such a record
back in the queue until it has had EVIDENCE_MAX_ATTEMPTS attempts, then fails it and deletes
its file; re-queues records whose task was lost; fails anything whose file is older than
STUDENT_FILE_MAX_AGE; and deletes files in the upload folders that no record points to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from alianza.core.private_files import private_file_delete, private_files_listed
from alianza.evidence.models import DatasetUpload, StudentRun
from alianza.evidence.services import runs, uploads
from alianza.evidence.services.staleness import file_max_age, max_attempts, stale_before

logger = logging.getLogger(__name__)

# A file is written a moment before its record is saved; one younger than this with no
# record may still be getting one.
ORPHAN_GRACE = timedelta(minutes=10)


@dataclass
class SweepOutcome:
    requeued: int = 0
    failed: int = 0
    files_deleted: int = 0


@dataclass(frozen=True)
class _Kind:
    model: type[models.Model]
    folder: str
    give_up: Callable[..., bool]
    enqueue: Callable[[int], None]
    reset: dict


KINDS = (
    _Kind(StudentRun, runs.FOLDER,
          lambda record, code, status=None: runs.student_run_give_up(
              run=record, code=code, expect_status=status),
          runs._enqueue, {"stage": ""}),
    _Kind(DatasetUpload, uploads.FOLDER,
          lambda record, code, status=None: uploads.dataset_upload_give_up(
              upload=record, code=code, expect_status=status),
          uploads._enqueue, {}),
)


def student_files_sweep(*, now: datetime | None = None) -> SweepOutcome:
    """One pass over runs, uploads and the upload folders; see the module docstring."""
    now = now or timezone.now()
    outcome = SweepOutcome()
    for kind in KINDS:
        _sweep_records(kind, now, outcome)
    _sweep_folders(now, outcome)
    if outcome.requeued or outcome.failed or outcome.files_deleted:
        logger.warning("Evidence sweep: %s requeued, %s failed, %s files deleted",
                       outcome.requeued, outcome.failed, outcome.files_deleted)
    return outcome


def _sweep_records(kind: _Kind, now: datetime, outcome: SweepOutcome) -> None:
    model, status = kind.model, kind.model.Status
    active = [status.QUEUED, status.RUNNING]
    too_old = now - file_max_age()
    # Whatever its state, no uploaded file outlives the maximum age.
    for record in model.objects.filter(created_at__lt=too_old).filter(
        models.Q(status__in=active) | ~models.Q(stored_path="")
    ):
        outcome.failed += kind.give_up(record, "too_old")
    stale = stale_before(now)
    for record in model.objects.filter(status=status.RUNNING, updated_at__lt=stale):
        if record.attempts >= max_attempts():
            outcome.failed += kind.give_up(record, "worker_lost", status.RUNNING)
            continue
        if model.objects.filter(pk=record.pk, status=status.RUNNING, attempts=record.attempts,
                                updated_at__lt=stale).update(
            status=status.QUEUED, updated_at=now, **kind.reset
        ):
            outcome.requeued += 1
            kind.enqueue(record.pk)
    # Queued with no sign of life: the task was lost (the queue was down, or its worker died
    # before it claimed the record). Claiming is conditional, so a second task is harmless.
    for record in model.objects.filter(status=status.QUEUED, updated_at__lt=stale):
        if model.objects.filter(pk=record.pk, status=status.QUEUED,
                                updated_at__lt=stale).update(updated_at=now):
            outcome.requeued += 1
            kind.enqueue(record.pk)


def _sweep_spool(now: datetime, outcome: SweepOutcome) -> None:
    """Uploads Django spooled to disk for a request that never ended (the web process was
    killed): no request lasts the maximum age, so anything older is abandoned."""
    spool = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if not spool or not Path(spool).is_dir():
        return
    old_before = (now - file_max_age()).timestamp()
    for path in Path(spool).iterdir():
        try:
            if path.is_file() and path.lstat().st_mtime < old_before:
                path.unlink(missing_ok=True)
                outcome.files_deleted += 1
        except OSError:
            continue


def _sweep_folders(now: datetime, outcome: SweepOutcome) -> None:
    _sweep_spool(now, outcome)
    known: set[str] = set()
    for kind in KINDS:
        known.update(kind.model.objects.exclude(stored_path="").values_list(
            "stored_path", flat=True))
    orphan_before = now - min(ORPHAN_GRACE, file_max_age())
    old_before = now - file_max_age()
    for kind in KINDS:
        # Through the private storage: on S3 the files are in the bucket, not on this server.
        try:
            listed = private_files_listed(kind.folder)
        except OSError:  # the folder is being changed or is unreadable: next pass
            continue
        for relative, modified in listed:
            if modified < old_before or (relative not in known and modified < orphan_before):
                try:
                    private_file_delete(relative)
                except OSError:  # removed by a worker meanwhile: nothing left to do
                    continue
                outcome.files_deleted += 1
