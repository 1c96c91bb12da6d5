"""Staff uploads of public data files, imported by a background task.

The task claims the upload with one conditional UPDATE (a second worker gets nothing), imports
it with :func:`dataset_import`, records the outcome and deletes the file. A file the reader
refuses is recorded with the reader's error code and parameters, so the page shows the
message in the reader's language; an unexpected error is retried with backoff and the file is
kept until the last attempt. An import whose worker died is picked up by :mod:`.sweep` like a
student run: retried a bounded number of times, then failed with its file deleted.
"""

from __future__ import annotations

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alianza.core.services import retry_delay
from alianza.core.tasks_compat import task_enqueue
from alianza.evidence.cde import CdeFileError
from alianza.evidence.models import DatasetUpload
from alianza.evidence.services.datasets import dataset_import
from alianza.evidence.services.files import (
    stored_delete,
    stored_exists,
    stored_local,
    upload_store,
)
from alianza.evidence.services.staleness import max_attempts, stale_before

logger = logging.getLogger(__name__)

FOLDER = "evidence-uploads"
ACTIVE_STATUSES = (DatasetUpload.Status.QUEUED, DatasetUpload.Status.RUNNING)


def dataset_upload_create(*, upload: UploadedFile, user, kind: str = "",
                          source_url: str = "") -> DatasetUpload:
    """Keep the file and queue its import once the surrounding transaction commits."""
    relative = upload_store(upload, folder=FOLDER, default_suffix=".txt")
    record = DatasetUpload.objects.create(
        original_name=(upload.name or "upload")[:255], stored_path=relative, kind=kind,
        source_url=source_url, created_by=user if getattr(user, "pk", None) else None,
    )
    transaction.on_commit(lambda: _enqueue(record.pk))
    return record


def _enqueue(upload_id: int, *, delay_seconds: float = 0) -> None:
    from alianza.evidence.tasks import dataset_upload_process

    task_enqueue(dataset_upload_process, upload_id, delay_seconds=delay_seconds)


def _claim(upload_id: int) -> DatasetUpload | None:
    """Take a queued upload, or a running one whose worker went quiet; one that has had all
    its attempts is failed instead and its file deleted."""
    stale = Q(status=DatasetUpload.Status.RUNNING, updated_at__lt=stale_before())
    claimable = DatasetUpload.objects.filter(Q(status=DatasetUpload.Status.QUEUED) | stale,
                                             pk=upload_id)
    record = claimable.first()
    if record is None:
        return None
    if record.status == DatasetUpload.Status.RUNNING and record.attempts >= max_attempts():
        dataset_upload_give_up(upload=record, code="worker_lost", expect_status=record.status)
        return None
    if not claimable.filter(attempts=record.attempts, status=record.status).update(
        status=DatasetUpload.Status.RUNNING, attempts=record.attempts + 1,
        updated_at=timezone.now(),
    ):
        return None
    record.refresh_from_db()
    return record


def dataset_upload_run(*, upload_id: int) -> None:
    record = _claim(upload_id)
    if record is None:
        return
    keep_file = retry = False
    try:
        if not record.stored_path or not stored_exists(record.stored_path):
            _finish(record, DatasetUpload.Status.FAILED, error_code="file_missing")
            return
        with stored_local(record.stored_path) as path:
            outcome = dataset_import(path=path, source_name=record.original_name,
                                     user=record.created_by, kind=record.kind or None,
                                     source_url=record.source_url)
    except CdeFileError as error:
        _finish(record, DatasetUpload.Status.REFUSED, error_code=error.code,
                error_params=_params(error))
    except Exception as error:  # noqa: BLE001 - recorded, then retried with backoff
        # The error's type only: a reader's message can quote a row of the file, and a
        # student file uploaded here by mistake must leave no trace in the logs either.
        logger.error("Dataset upload %s failed on attempt %s: %s", upload_id, record.attempts,
                     type(error).__name__)
        failure = type(error).__name__
        if record.attempts < max_attempts() and _mine(record).update(
            status=DatasetUpload.Status.QUEUED, failure=failure, updated_at=timezone.now()
        ):
            keep_file = retry = True
        else:
            _finish(record, DatasetUpload.Status.FAILED, failure=failure)
    else:
        status = DatasetUpload.Status.DONE if outcome.created else DatasetUpload.Status.UNCHANGED
        _finish(record, status, dataset=outcome.dataset)
    finally:
        if not keep_file:
            status = DatasetUpload.objects.filter(pk=record.pk).values_list(
                "status", flat=True).first()
            # Back in the queue or with another worker (this one was taken for dead): the
            # file is still needed.
            if status not in ACTIVE_STATUSES:
                stored_delete(record.stored_path)
                DatasetUpload.objects.filter(pk=record.pk).update(stored_path="")
    if retry:
        # Queued once the error is handled: a task backend that runs the task at once and
        # logs with sys.exc_info() (Django 6 does) must not see an error that may quote the file.
        _enqueue(record.pk, delay_seconds=retry_delay(record.attempts))


def dataset_upload_give_up(*, upload: DatasetUpload, code: str,
                           expect_status: str | None = None) -> bool:
    """Fail an upload that has not finished and delete its file: staff discarding it, or the
    sweep failing one whose worker died or whose file is too old. False if it had ended."""
    failed = DatasetUpload.objects.filter(
        pk=upload.pk, status__in=[expect_status] if expect_status else ACTIVE_STATUSES
    ).update(status=DatasetUpload.Status.FAILED, error_code=code, error_params={},
             failure="", updated_at=timezone.now())
    stored = DatasetUpload.objects.filter(pk=upload.pk).values_list(
        "stored_path", flat=True).first()
    if stored:
        stored_delete(stored)
        DatasetUpload.objects.filter(pk=upload.pk).update(stored_path="")
    if failed:
        logger.warning("Dataset upload %s failed: %s", upload.pk, code)
    return bool(failed)


def _mine(record: DatasetUpload):
    return DatasetUpload.objects.filter(pk=record.pk, status=DatasetUpload.Status.RUNNING,
                                        attempts=record.attempts)


def _params(error: CdeFileError) -> dict[str, str]:
    params = dict(error.params)
    kind_id = getattr(error, "kind_id", "")
    if kind_id:
        params["kind_id"] = kind_id
    return params


def _finish(record: DatasetUpload, status: str, **fields) -> None:
    # Only while this worker holds the upload: a discarded one stays discarded.
    _mine(record).update(status=status, updated_at=timezone.now(), **fields)
