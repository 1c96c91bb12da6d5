"""District runs of the English-learner rules: upload, background run, publish.

Student data stays home: the uploaded file is read in the background task, the rules run in
memory, and only aggregates with small cells suppressed are stored. The file is deleted when
the task ends, whether the run succeeded or failed (it is kept only while a retry of a
transient failure is scheduled). A worker that dies mid-run leaves the run "running" with an
old heartbeat (``updated_at``): :mod:`.sweep` retries it a bounded number of times, then fails
it and deletes the file, and deletes any student file older than STUDENT_FILE_MAX_AGE.
Failures and warnings are stored as codes with harmless parameters, never as text built from
the file, and nothing about the file's contents is logged.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alianza.core.services import retry_delay
from alianza.core.tasks_compat import task_enqueue
from alianza.evidence.cde import school_year_from_name
from alianza.evidence.models import Entity, RunAggregate, StudentRun
from alianza.evidence.rules import LocalCriteria, Options, evaluate
from alianza.evidence.rules.errors import LayoutError, ReadWarning
from alianza.evidence.rules.readers import StudentData, read_elpac, read_students
from alianza.evidence.rules.suppression import SuppressionPolicy, suppressed_aggregates
from alianza.evidence.services.files import (
    stored_delete,
    stored_exists,
    stored_local,
    upload_store,
)
from alianza.evidence.services.reasons import reasons_summary
from alianza.evidence.services.staleness import max_attempts, stale_before

logger = logging.getLogger(__name__)

FOLDER = "evidence-runs"
ACTIVE_STATUSES = (StudentRun.Status.QUEUED, StudentRun.Status.RUNNING)


def district_code_normalise(code: str) -> str | None:
    """A district's 14-digit CDS code from 7 (county + district) or 14 digits; else None."""
    digits = re.sub(r"\D", "", code or "")
    if len(digits) == 7:
        return digits + "0000000"
    if len(digits) == 14:
        return digits[:7] + "0000000"
    return None


def student_run_create(
    *,
    upload: UploadedFile,
    user,
    district_code: str,
    layout: str,
    ltel_rule_set: str,
    seal_rule_set: str,
    local_criteria: dict[str, object],
    threshold: int = 10,
    school_year: str = "",
) -> StudentRun:
    """Keep the file until its run ends and queue the run after the transaction commits."""
    # Hashed as received: from object storage, reading the stored copy back costs a download.
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    relative = upload_store(upload, folder=FOLDER)
    district = Entity.objects.filter(level="district", cds_code=district_code).first()
    run = StudentRun.objects.create(
        district_code=district_code,
        district_name=district.name if district else "",
        county_name=district.county_name if district else "",
        original_name=(upload.name or "students.csv")[:255],
        stored_path=relative,
        sha256=digest.hexdigest(),
        layout=layout,
        ltel_rule_set=ltel_rule_set,
        seal_rule_set=seal_rule_set,
        local_criteria=dict(local_criteria),
        threshold=threshold,
        # For ELPAC score files, which do not always say their year; the run's own year
        # replaces it when the run ends.
        school_year=school_year or school_year_from_name(upload.name or "") or "",
        created_by=user if getattr(user, "pk", None) else None,
    )
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int, *, delay_seconds: float = 0) -> None:
    from alianza.evidence.tasks import student_run_process

    task_enqueue(student_run_process, run_id, delay_seconds=delay_seconds)


class _Abandoned(Exception):
    """The run was discarded by staff, failed by the sweep or taken over while it ran."""


def _claim(run_id: int) -> StudentRun | None:
    """Take a queued run, or a running one whose worker went quiet, with one conditional
    UPDATE; a run that has had all its attempts is failed instead and its file deleted."""
    stale = Q(status=StudentRun.Status.RUNNING, updated_at__lt=stale_before())
    claimable = StudentRun.objects.filter(Q(status=StudentRun.Status.QUEUED) | stale, pk=run_id)
    run = claimable.first()
    if run is None:
        return None
    if run.status == StudentRun.Status.RUNNING and run.attempts >= max_attempts():
        student_run_give_up(run=run, code="worker_lost", expect_status=run.status)
        return None
    if not claimable.filter(attempts=run.attempts, status=run.status).update(
        status=StudentRun.Status.RUNNING, attempts=run.attempts + 1, stage="reading",
        updated_at=timezone.now(),
    ):
        return None
    run.refresh_from_db()
    return run


def _mine(run: StudentRun):
    """The run, only while this worker still holds it: heartbeats and results are written
    only then."""
    return StudentRun.objects.filter(pk=run.pk, status=StudentRun.Status.RUNNING,
                                     attempts=run.attempts)


def _stage(run: StudentRun, stage: str) -> None:
    if not _mine(run).update(stage=stage, updated_at=timezone.now()):
        raise _Abandoned


def student_run_execute(*, run_id: int) -> None:
    """Run the rules on the stored file, store suppressed aggregates, delete the file.

    The log gets the run id and the refusal code or the error's type, never a message or a
    traceback, which could quote the file.
    """
    run = _claim(run_id)
    if run is None:
        return
    keep_file = retry = False
    try:
        if not run.stored_path or not stored_exists(run.stored_path):
            _fail(run, "file_missing")
            return
        # From object storage, a local copy that lives only while the rules read it.
        with stored_local(run.stored_path) as path:
            _run(run, path)
    except _Abandoned:
        logger.warning("Student run %s was stopped while it ran", run_id)
    except LayoutError as error:
        logger.info("Student run %s refused: %s", run_id, error.code)
        _fail(run, error.code, error.params)
    except Exception as error:  # noqa: BLE001 - retried with backoff, then recorded
        logger.error("Student run %s failed on attempt %s: %s", run_id, run.attempts,
                     type(error).__name__)
        if run.attempts < max_attempts() and _mine(run).update(
            status=StudentRun.Status.QUEUED, stage="", updated_at=timezone.now()
        ):
            keep_file = retry = True
        else:
            _fail(run, "internal")
    finally:
        if not keep_file:
            _delete_file_unless_retried(run)
    if retry:
        # Queued once the error is handled: a task backend that runs the task at once and
        # logs with sys.exc_info() (Django 6 does) must not see an error that may quote the file.
        _enqueue(run.pk, delay_seconds=retry_delay(run.attempts))


def _delete_file_unless_retried(run: StudentRun) -> None:
    """Delete the file once the run has ended, but not if it went back to the queue or to
    another worker (when this one was taken for dead), which still need it."""
    status = StudentRun.objects.filter(pk=run.pk).values_list("status", flat=True).first()
    if status in ACTIVE_STATUSES:
        return
    stored_delete(run.stored_path)
    StudentRun.objects.filter(pk=run.pk, stored_path=run.stored_path).update(stored_path="")


def _read(run: StudentRun, path: Path) -> StudentData:
    if run.layout == StudentRun.Layout.ELPAC:
        # The stored file has a random name, so the year the reader would take from the
        # file name is given here.
        year = int(run.school_year[:4]) if run.school_year[:4].isdigit() else None
        return read_elpac(path, school_year=year)
    return read_students([path], layout=run.layout)


def _run(run: StudentRun, path: Path) -> None:
    data = _read(run, path)
    _stage(run, "classifying")
    options = Options(local_criteria=LocalCriteria(**run.local_criteria))
    result = evaluate(data.years, data.seal, rules=run.ltel_rule_set,
                      seal_rules=run.seal_rule_set, options=options, warnings=data.warnings)
    _stage(run, "suppressing")
    aggregates, notes = suppressed_aggregates(
        result, policy=SuppressionPolicy(threshold=run.threshold)
    )
    reasons = reasons_summary(result, threshold=run.threshold)
    manifest = result.manifest
    rows = [
        RunAggregate(
            run_id=run.pk,
            breakdown=row["breakdown"],
            school_code=row["school_code"][:20],
            grade=row["grade"][:10],
            language=row["language"][:20],
            student_group=row["student_group"][:40],
            measure=row["measure"],
            rule_set=row["rule_set"] or "",
            # A suppressed cell's true count is never written anywhere.
            count=None if row["suppressed"] else int(row["count"]),
            suppressed=row["suppressed"],
            suppression=row["suppression"] or "",
        )
        for row in aggregates.iter_rows(named=True)
    ]
    warnings = [w.as_dict() for w in manifest.get("warnings", []) if isinstance(w, ReadWarning)]
    with transaction.atomic():
        RunAggregate.objects.filter(run_id=run.pk).delete()
        RunAggregate.objects.bulk_create(rows, batch_size=2000)
        finished = _mine(run).update(
            status=StudentRun.Status.DONE,
            stage="",
            failure="",
            school_year=str(manifest["school_year"]),
            as_of=date.fromisoformat(str(manifest["as_of"])),
            rule_sets=manifest["rule_sets"],
            options=manifest["options"],
            uncertain_choices=manifest["uncertain_choices"],
            reasons=reasons,
            warnings=warnings,
            suppression_notes=notes,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not finished:
            raise _Abandoned  # rolls the aggregates back: a discarded run keeps nothing


def _fail(run: StudentRun, code: str, params: dict | None = None) -> None:
    _mine(run).update(
        status=StudentRun.Status.FAILED, stage="", error_code=code, error_params=params or {},
        failure="", finished_at=timezone.now(), updated_at=timezone.now(),
    )


def student_run_give_up(*, run: StudentRun, code: str, expect_status: str | None = None) -> bool:
    """Fail a run that has not finished and delete its file: staff discarding it, or the
    sweep failing a run whose worker died or whose file is too old. False if it had ended."""
    unfinished = StudentRun.objects.filter(
        pk=run.pk, status__in=[expect_status] if expect_status else ACTIVE_STATUSES
    )
    failed = unfinished.update(
        status=StudentRun.Status.FAILED, stage="", error_code=code, error_params={},
        failure="", finished_at=timezone.now(), updated_at=timezone.now(),
    )
    stored = StudentRun.objects.filter(pk=run.pk).values_list("stored_path", flat=True).first()
    if stored:
        stored_delete(stored)
        StudentRun.objects.filter(pk=run.pk).update(stored_path="")
    if failed:
        logger.warning("Student run %s failed: %s", run.pk, code)
    return bool(failed)
