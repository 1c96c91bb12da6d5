"""The join form's intake queue: store a submission at once, process it in batches.

During a campaign surge the public form must answer quickly and lose nothing. The web
request therefore validates the form and stores the submission as one ``JoinSubmission``
row, committed before the reply, and answers the same whatever is on file for the
address. A background task then claims batches of up to ``BATCH_SIZE`` rows and, with a
handful of bulk statements per batch, stores each one as a ``JoinConfirmation`` and emails
its address (services.confirmations). Nothing else is written until the owner of the
address opens the emailed link: a submission is a request, not consent.

Claims are one conditional UPDATE (``SKIP LOCKED`` on PostgreSQL), so two processors never
take the same row. A processor that dies leaves its rows claimed; after ``CLAIM_TIMEOUT``
any processor takes them over. Marking rows done happens in the same transaction as the
writes they caused, so a row is carried out exactly once. If a batch fails it is rolled
back and carried out row by row; a row that fails on its own is retried and, after
``MAX_ATTEMPTS``, kept as failed with its error for staff to see in the admin.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from alianza.coalition.models import (
    JoinSubmission,
    Statement,
)
from alianza.coalition.services.confirmations import confirmations_record
from alianza.coalition.services.signing import (
    JoinRequest,
    request_from_payload,
    request_payload,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
CLAIM_TIMEOUT = timedelta(minutes=5)  # a claim this old belongs to a processor that died
MAX_ATTEMPTS = 5
# A burst enqueues at most one processing task per web process per this many seconds;
# the task runs when the window closes, so it sees every row stored during the window.
ENQUEUE_WINDOW_SECONDS = 1.0
ENQUEUE_KEY = "coalition:join-intake:enqueued"
MAX_BATCHES_PER_RUN = 200  # then the task queues a successor instead of running forever


# The web request ------------------------------------------------------------------------


def join_submission_store(*, request: JoinRequest) -> JoinSubmission:
    """Store one validated submission; processing is queued once it has committed."""
    submission = JoinSubmission.objects.create(payload=request_payload(request))
    transaction.on_commit(processing_enqueue)
    return submission


def processing_enqueue() -> None:
    """Queue the batch processor, at most once per window in this process."""
    from alianza.coalition.tasks import join_submissions_process

    try:
        if not _backend_defers(join_submissions_process):
            join_submissions_process.enqueue()  # e.g. tasks run at once: nothing to batch
            return
        if not cache.add(ENQUEUE_KEY, 1, ENQUEUE_WINDOW_SECONDS):
            return  # a task queued in this window will pick this row up
        run_after = timezone.now() + timedelta(seconds=ENQUEUE_WINDOW_SECONDS)
        join_submissions_process.using(run_after=run_after).enqueue()
    except Exception:  # noqa: BLE001 - the periodic sweep processes the row later
        logger.exception("Could not queue the join submission processor")


def _backend_defers(task) -> bool:
    try:
        return bool(task.get_backend().supports_defer)
    except Exception:  # noqa: BLE001 - unknown backend: queue every time, never batch
        return False


def join_submissions_retry(*, ids: list[int]) -> int:
    """Give failed submissions (staff chose them in the admin) a fresh set of attempts."""
    count = JoinSubmission.objects.filter(pk__in=ids, status=JoinSubmission.Status.FAILED) \
        .update(status=JoinSubmission.Status.PENDING, attempts=0, claimed_at=None)
    if count:
        transaction.on_commit(processing_enqueue)
    return count


# The processor ------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    claimed: int = 0
    done: int = 0
    failed: int = 0
    retrying: int = 0
    row_by_row: bool = False


def join_submissions_drain(*, max_batches: int = MAX_BATCHES_PER_RUN) -> BatchOutcome:
    """Process what is waiting now: one batch, more while batches come back full.

    It deliberately stops at a batch that is not full rather than waiting for the next
    arrivals: each arrival has queued a task of its own (see ``processing_enqueue``), the
    next batch is bigger (cheaper per row), and the worker gets to run other tasks in
    between, such as delivering the confirmation emails.
    """
    total = BatchOutcome()
    failed: set[int] = set()  # rows that failed in this run wait for the next run
    for _ in range(max_batches):
        outcome = join_submissions_process_batch(failed=failed)
        for name in ("claimed", "done", "failed", "retrying"):
            setattr(total, name, getattr(total, name) + getattr(outcome, name))
        if outcome.claimed < BATCH_SIZE:
            return total
    processing_enqueue()  # more is waiting: let a successor carry on
    return total


def join_submissions_process_batch(
    *, limit: int = BATCH_SIZE, failed: set[int] | None = None,
) -> BatchOutcome:
    """Claim up to ``limit`` waiting submissions and carry them out.

    Rows in ``failed`` are skipped, and rows that fail now are added to it.
    """
    failed = set() if failed is None else failed
    token = uuid.uuid4().hex
    rows = _claim(token=token, limit=limit, exclude=failed)
    outcome = BatchOutcome(claimed=len(rows))
    if not rows:
        return outcome
    statements = {s.pk: s for s in Statement.objects.filter(
        pk__in={r.payload.get("statement_id") for r in rows if isinstance(r.payload, dict)}
    )}
    requests: dict[int, JoinRequest] = {}
    for row in rows:
        try:
            requests[row.pk] = request_from_payload(row.payload, statements)
        except Exception as error:  # noqa: BLE001 - one bad row must not stop the batch
            _row_failed(row, error, token, outcome, failed)
    waiting = [r for r in rows if r.pk in requests]
    try:
        with transaction.atomic():
            if _mark_done([r.pk for r in waiting], token) != len(waiting):
                raise _ClaimLost
            confirmations_record(requests=[requests[r.pk] for r in waiting])
        outcome.done += len(waiting)
        waiting = []
    except Exception as error:  # noqa: BLE001 - fall back to one row at a time
        logger.log(logging.INFO if isinstance(error, (IntegrityError, _ClaimLost))
                   else logging.WARNING,
                   "Join batch of %s fell back to one row at a time", len(waiting),
                   exc_info=not isinstance(error, (IntegrityError, _ClaimLost)))
        outcome.row_by_row = True
    for row in waiting:
        try:
            with transaction.atomic():
                if _mark_done([row.pk], token) != 1:
                    continue  # another processor took this row over
                confirmations_record(requests=[requests[row.pk]])
            outcome.done += 1
        except Exception as error:  # noqa: BLE001 - recorded on the row, retried later
            _row_failed(row, error, token, outcome, failed)
    return outcome


def _claimable(now) -> Q:
    return Q(status__in=[JoinSubmission.Status.PENDING, JoinSubmission.Status.PROCESSING]) & (
        Q(status=JoinSubmission.Status.PENDING) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def _claim(*, token: str, limit: int, exclude: set[int]) -> list[JoinSubmission]:
    now = timezone.now()
    # Claims abandoned too often (the row crashes its processor) are given up on.
    JoinSubmission.objects.filter(
        status=JoinSubmission.Status.PROCESSING, claimed_at__lt=now - CLAIM_TIMEOUT,
        attempts__gte=MAX_ATTEMPTS,
    ).update(status=JoinSubmission.Status.FAILED, error="Processing never finished.")
    with transaction.atomic():
        waiting = JoinSubmission.objects.filter(_claimable(now)).exclude(pk__in=exclude)
        ids = list(waiting.order_by("pk").select_for_update(skip_locked=True)
                   .values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        JoinSubmission.objects.filter(_claimable(now), pk__in=ids).update(
            status=JoinSubmission.Status.PROCESSING, claimed_by=token, claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(JoinSubmission.objects.filter(
        claimed_by=token, status=JoinSubmission.Status.PROCESSING).order_by("pk"))


def _mark_done(ids: list[int], token: str) -> int:
    """Mark our claimed rows done; inside the transaction that carries them out."""
    return JoinSubmission.objects.filter(
        pk__in=ids, claimed_by=token, status=JoinSubmission.Status.PROCESSING,
    ).update(status=JoinSubmission.Status.DONE, processed_at=timezone.now(), error="")


def _row_failed(row: JoinSubmission, error: Exception, token: str, outcome: BatchOutcome,
                failed: set[int]) -> None:
    gave_up = row.attempts >= MAX_ATTEMPTS
    logger.warning("Join submission %s failed (attempt %s): %s", row.pk, row.attempts, error)
    JoinSubmission.objects.filter(pk=row.pk, claimed_by=token).update(
        status=JoinSubmission.Status.FAILED if gave_up else JoinSubmission.Status.PENDING,
        error=f"{type(error).__name__}: {error}"[:2000], claimed_at=None,
    )
    if gave_up:
        outcome.failed += 1
    else:
        outcome.retrying += 1
    failed.add(row.pk)


class _ClaimLost(Exception):
    """Another processor took over some of these rows (ours was thought dead)."""
