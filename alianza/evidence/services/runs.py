"""District runs of the English-learner rules: upload, background run, publish.

Student data stays home: the uploaded file is read in the background task, the rules run in
memory, and only aggregates with small cells suppressed are stored. The file is deleted when
the task ends, whether the run succeeded or failed (it is kept only while a retry of a
transient failure is scheduled). Reader warnings are stored with the student values they
quote removed.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from alianza.core.services import retry_delay
from alianza.evidence.cde import file_sha256, school_year_from_name
from alianza.evidence.models import Entity, RunAggregate, StudentRun
from alianza.evidence.rules import LocalCriteria, Options, evaluate
from alianza.evidence.rules.parsing import LayoutError
from alianza.evidence.rules.readers import StudentData, read_elpac, read_students
from alianza.evidence.rules.suppression import SuppressionPolicy, suppressed_aggregates
from alianza.evidence.services.files import stored_delete, stored_path, upload_store
from alianza.evidence.services.reasons import reasons_summary

logger = logging.getLogger(__name__)

FOLDER = "evidence-runs"
STALE_AFTER = timedelta(minutes=30)


def max_attempts() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_ATTEMPTS", 3))


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
    relative = upload_store(upload, folder=FOLDER)
    district = Entity.objects.filter(level="district", cds_code=district_code).first()
    run = StudentRun.objects.create(
        district_code=district_code,
        district_name=district.name if district else "",
        county_name=district.county_name if district else "",
        original_name=(upload.name or "students.csv")[:255],
        stored_path=relative,
        sha256=file_sha256(stored_path(relative)),
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

    try:
        if delay_seconds:
            try:
                student_run_process.using(
                    run_after=timezone.now() + timedelta(seconds=delay_seconds)
                ).enqueue(run_id)
                return
            except Exception:  # noqa: BLE001 - backends without delays run it now instead
                pass
        student_run_process.enqueue(run_id)
    except Exception:  # noqa: BLE001 - the run stays queued and can be started again
        logger.exception("Could not enqueue student run %s", run_id)


def _claim(run_id: int) -> StudentRun | None:
    claimable = StudentRun.objects.filter(pk=run_id, status=StudentRun.Status.QUEUED)
    run = claimable.first()
    if run is None:
        return None
    if not claimable.filter(attempts=run.attempts).update(
        status=StudentRun.Status.RUNNING, attempts=run.attempts + 1, stage="reading",
        updated_at=timezone.now(),
    ):
        return None
    run.refresh_from_db()
    return run


def _stage(run: StudentRun, stage: str) -> None:
    StudentRun.objects.filter(pk=run.pk).update(stage=stage, updated_at=timezone.now())


def safe_text(message: str, *, stored_name: str = "", original_name: str = "") -> str:
    """A reader message without the student values it quotes (ids, dates, scores)."""
    if stored_name and original_name:
        message = message.replace(stored_name, original_name)
    message = re.sub(r"\s*\(e\.g\. .*? on line \d+\)", "", message)
    # "rows repeat a student and school year (S1 in 2023, S2 in 2023)"
    message = re.sub(r"\s*\([^()]*? in \d{4}(?:, [^()]*? in \d{4})*\)", "", message)
    message = re.sub(r"found \[.*?\]", "found other values", message)
    return message


def student_run_execute(*, run_id: int) -> None:
    """Run the rules on the stored file, store suppressed aggregates, delete the file."""
    run = _claim(run_id)
    if run is None:
        return
    path = stored_path(run.stored_path) if run.stored_path else None
    keep_file = False
    try:
        if path is None or not path.exists():
            _fail(run, "The uploaded file is no longer there. Upload it again.")
            return
        _run(run, path)
    except (LayoutError, ValueError) as error:
        _fail(run, safe_text(str(error), stored_name=path.name, original_name=run.original_name))
    except Exception as error:  # noqa: BLE001 - retried with backoff, then recorded
        logger.exception("Student run %s failed", run_id)
        if run.attempts < max_attempts():
            keep_file = True
            StudentRun.objects.filter(pk=run.pk).update(
                status=StudentRun.Status.QUEUED, stage="", updated_at=timezone.now()
            )
            _enqueue(run.pk, delay_seconds=retry_delay(run.attempts))
        else:
            _fail(run, f"{type(error).__name__}")
    finally:
        if not keep_file:
            stored_delete(run.stored_path)
            StudentRun.objects.filter(pk=run.pk).update(stored_path="")


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
    warnings = [safe_text(w, stored_name=path.name, original_name=run.original_name)
                for w in manifest.get("warnings", [])]
    with transaction.atomic():
        RunAggregate.objects.filter(run_id=run.pk).delete()
        RunAggregate.objects.bulk_create(rows, batch_size=2000)
        StudentRun.objects.filter(pk=run.pk).update(
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


def _fail(run: StudentRun, failure: str) -> None:
    StudentRun.objects.filter(pk=run.pk).update(
        status=StudentRun.Status.FAILED, stage="", failure=failure[:2000],
        finished_at=timezone.now(), updated_at=timezone.now(),
    )
