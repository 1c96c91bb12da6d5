"""The join form's intake queue: store a submission at once, process it in batches.

During a campaign surge the public form must answer quickly and lose nothing. The web
request therefore does three cheap things: validates the form, reads whether this address
has already signed (so the thank-you page can say so), and stores the submission as one
``JoinSubmission`` row, committed before the reply. A background task then claims batches
of up to ``BATCH_SIZE`` rows and turns them into people, signatures, consent records and
confirmation emails with a handful of bulk statements per batch.

Claims are one conditional UPDATE (``SKIP LOCKED`` on PostgreSQL), so two processors never
take the same row. A processor that dies leaves its rows claimed; after ``CLAIM_TIMEOUT``
any processor takes them over. Marking rows done happens in the same transaction as the
writes they caused, so a row is carried out exactly once. If a bulk step fails (typically
an IntegrityError because another batch created the same person at the same moment) the
batch is rolled back and carried out row by row through ``join_submit``, which handles
those races; a row that fails on its own is retried and, after ``MAX_ATTEMPTS``, kept as
failed with its error for staff to see in the admin.

Submissions for an organization or a membership application don't come through here:
they are rare, and the view carries them out at once with ``join_submit``.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, fields
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from alianza.coalition.models import (
    Consent,
    JoinSubmission,
    Person,
    PersonEmail,
    Signature,
    Statement,
    normalize_email,
)
from alianza.coalition.places import county_split
from alianza.coalition.services.signing import (
    JoinRequest,
    JoinResult,
    Outcome,
    SignatureResult,
    confirmation_email_render,
    join_submit,
    statement_current_version,
)
from alianza.core.services import (
    edited_template_remembered,
    email_queue_many,
    supported_language,
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


def intake_accepts(request: JoinRequest) -> bool:
    """Personal signatures and update sign-ups are queued; organization business is not."""
    return not (request.sign_organization or request.apply_membership
                or request.organization_name)


def join_receipt(*, request: JoinRequest) -> JoinResult:
    """What the thank-you page says, from one indexed read: has this address signed?

    The person and signature in the result are not saved; they only carry what the page
    shows. The submission itself is carried out later by the processor.
    """
    address = normalize_email(request.email)
    statement = request.statement if request.sign_individual else None
    found = _signer_state(address=address, statement=statement)
    address_confirmed, status = found if found is not None else (False, None)
    result = JoinResult(person=Person(email=address, name=request.name),
                        updates_requested=request.receive_updates)
    if statement is not None:
        outcome = {
            None: Outcome.CREATED,
            Signature.Status.PENDING: Outcome.ALREADY_PENDING,
            Signature.Status.CONFIRMED: Outcome.ALREADY_CONFIRMED,
            Signature.Status.WITHDRAWN: Outcome.RENEWED,
        }.get(status, Outcome.ALREADY_PENDING)
        result.signatures.append(SignatureResult(Signature(statement=statement), outcome))
    result.confirmation_sent = bool(result.signatures or result.updates_requested) and (
        _needs_confirmation(address_confirmed=bool(address_confirmed), result=result)
    )
    return result


def _signer_state(*, address: str, statement: Statement | None) -> tuple | None:
    """(address confirmed?, signature status or None) for the person with this address.

    One statement with two index lookups (the primary address, then further addresses).
    Written as SQL because it runs on every submission and the ORM would spend longer
    composing it than the database spends answering it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_SIGNER_STATE_SQL, [statement.pk if statement else None, address,
                                           statement.pk if statement else None, address])
        return cursor.fetchone()


_SIGNER_STATE_SQL = """
    SELECT p.email_confirmed_at IS NOT NULL, ({status}) FROM {person} p WHERE p.email = %s
    UNION ALL
    SELECT p.email_confirmed_at IS NOT NULL, ({status})
    FROM {other} e JOIN {person} p ON p.id = e.person_id
    WHERE e.email = %s
    LIMIT 1
""".format(
    person=Person._meta.db_table, other=PersonEmail._meta.db_table,
    status=f"SELECT s.status FROM {Signature._meta.db_table} s WHERE s.statement_id = %s "
           "AND s.person_id = p.id AND s.organization_id IS NULL",
)


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


def request_payload(request: JoinRequest) -> dict:
    payload = {f.name: getattr(request, f.name) for f in fields(JoinRequest)
               if f.name != "statement"}
    payload["statement_id"] = request.statement.pk if request.statement else None
    return {key: str(value) if key.endswith("wording") else value
            for key, value in payload.items()}


def request_from_payload(payload: dict, statements: dict[int, Statement]) -> JoinRequest:
    """The JoinRequest stored in ``payload``; raises on a malformed payload."""
    data = dict(payload)
    statement_id = data.pop("statement_id", None)
    statement = None
    if statement_id is not None:
        statement = statements.get(statement_id)
        if statement is None:
            raise ValueError(f"statement {statement_id} no longer exists")
    request = JoinRequest(statement=statement, **data)
    if not request.email or not isinstance(request.email, str):
        raise ValueError("no email address")
    return request


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
    bulk = [r for r in rows if r.pk in requests and intake_accepts(requests[r.pk])]
    single = [r for r in rows if r.pk in requests and not intake_accepts(requests[r.pk])]
    try:
        with transaction.atomic():
            leftover = _bulk_process(bulk, requests, token)
        outcome.done += len(bulk) - len(leftover)
        single = sorted(single + leftover, key=lambda r: r.pk)
    except Exception as error:  # noqa: BLE001 - fall back to the careful path for this batch
        # An IntegrityError is expected now and then (another batch created the same
        # person a moment earlier); anything else deserves its traceback in the log.
        logger.log(logging.INFO if isinstance(error, IntegrityError) else logging.WARNING,
                   "Join batch of %s fell back to one row at a time", len(bulk),
                   exc_info=not isinstance(error, IntegrityError))
        outcome.row_by_row = True
        single = sorted(single + bulk, key=lambda r: r.pk)
    for row in single:
        try:
            with transaction.atomic():
                if _mark_done([row.pk], token) != 1:
                    continue  # another processor took this row over
                join_submit(request=requests[row.pk])
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


def _bulk_process(rows: list[JoinSubmission], requests: dict[int, JoinRequest],
                  token: str) -> list[JoinSubmission]:
    """Carry out personal signatures and update sign-ups with bulk statements.

    Returns the rows left for ``join_submit`` (renewing a withdrawn signature).
    """
    if not rows:
        return []
    language = {pk: supported_language(requests[pk].language) for pk in requests}
    addresses = {normalize_email(requests[r.pk].email) for r in rows}
    people: dict[str, Person] = {p.email: p for p in Person.objects.filter(email__in=addresses)}
    for other in PersonEmail.objects.filter(email__in=addresses - people.keys()) \
            .select_related("person"):
        people[other.email] = other.person
    existing_ids = {p.pk for p in people.values()}
    signatures: dict[tuple[int, int], Signature] = {
        (s.statement_id, s.person_id): s for s in Signature.objects.filter(
            person_id__in=existing_ids, organization__isnull=True,
            statement_id__in={requests[r.pk].statement.pk for r in rows
                              if requests[r.pk].statement is not None},
        )
    }
    # Renewing a withdrawn signature is rare and has more to it: leave it to join_submit,
    # with every other row of the same person so their order is kept.
    renewing = {s.person_id for s in signatures.values()
                if s.status == Signature.Status.WITHDRAWN}
    single = [r for r in rows
              if getattr(people.get(normalize_email(requests[r.pk].email)), "pk", None)
              in renewing]
    rows = [r for r in rows if r not in single]
    if _mark_done([r.pk for r in rows], token) != len(rows):
        raise _ClaimLost
    new_people: list[Person] = []
    changed: dict[int, Person] = {}  # existing people whose record gains something
    for row in rows:
        request = requests[row.pk]
        address = normalize_email(request.email)
        person = people.get(address)
        if person is None:
            county_code, county = county_split(request.county)  # bulk_create skips save()
            person = people[address] = Person(
                email=address, name=request.name.strip(), phone=request.phone.strip(),
                county_code=county_code, county=county, preferred_language=language[row.pk],
            )
            new_people.append(person)
            continue
        # As person_get_or_create: fill blanks, and the latest language becomes preferred.
        before = (person.name, person.phone, person.county_code, person.county,
                  person.preferred_language)
        for name in ("name", "phone"):
            value = getattr(request, name)
            if value and not getattr(person, name):
                setattr(person, name, value.strip())
        if request.county and not (person.county_code or person.county):
            person.county_code, person.county = county_split(request.county)
        person.preferred_language = language[row.pk]
        after = (person.name, person.phone, person.county_code, person.county,
                 person.preferred_language)
        if person.pk is not None and after != before:
            changed[person.pk] = person
    Person.objects.bulk_create(new_people)
    if changed:
        Person.objects.bulk_update(list(changed.values()),
                                   ["name", "phone", "county_code", "county",
                                    "preferred_language"])
    versions = {}
    new_signatures: list[Signature] = []
    listing: list[tuple[Signature, Consent]] = []
    consents: list[Consent] = []
    results: dict[int, tuple[Person, JoinResult]] = {}  # the latest per person
    for row in rows:
        request = requests[row.pk]
        person = people[normalize_email(request.email)]
        result = JoinResult(person=person)
        if request.statement is not None and request.sign_individual:
            key = (request.statement.pk, person.pk)
            signature = signatures.get(key)
            if signature is None:
                if request.statement.pk not in versions:
                    versions[request.statement.pk] = statement_current_version(
                        statement=request.statement)
                signature = signatures[key] = Signature(
                    statement=request.statement, version=versions[request.statement.pk],
                    person=person, title=request.title.strip(), listed=request.listed,
                    language=language[row.pk], source=request.source,
                )
                new_signatures.append(signature)
                listing.append((signature, Consent(
                    person=person, kind=Consent.Kind.PUBLIC_LISTING, granted=request.listed,
                    wording=request.listing_wording, language=language[row.pk],
                    source=request.source)))
                outcome = Outcome.CREATED
            elif signature.status == Signature.Status.CONFIRMED:
                outcome = Outcome.ALREADY_CONFIRMED
            else:
                outcome = Outcome.ALREADY_PENDING
            result.signatures.append(SignatureResult(signature, outcome))
        if request.receive_updates:
            consents.append(Consent(
                person=person, kind=Consent.Kind.EMAIL, scope="updates", granted=True,
                wording=request.updates_wording, language=language[row.pk],
                source=request.source))
            result.updates_requested = True
        if (result.signatures or result.updates_requested) and _needs_confirmation(
                address_confirmed=person.email_confirmed_at is not None, result=result):
            results[person.pk] = (person, result)
    Signature.objects.bulk_create(new_signatures)
    for signature, consent in listing:
        consent.scope = f"signature:{signature.pk}"
    Consent.objects.bulk_create([consent for _s, consent in listing] + consents)
    # One confirmation per person per batch, even if they sent the form twice in a second.
    edited = edited_template_remembered()
    email_queue_many(emails=[
        confirmation_email_render(person=person, result=result, edited=edited)
        for person, result in results.values()
    ])
    return single


def _needs_confirmation(*, address_confirmed: bool, result: JoinResult) -> bool:
    """As join_submit: confirm unless everything asked for is already confirmed."""
    return (
        not address_confirmed
        or result.updates_requested
        or any(s.outcome in (Outcome.CREATED, Outcome.RENEWED, Outcome.ALREADY_PENDING)
               for s in result.signatures)
    )
