"""Asking the owner of an address to confirm a submission, and telling them the truth.

A public form answers every submission the same way, whatever is on file for the address:
the true state ("you have already signed", "please confirm") goes only by email to that
address, in its owner's language. Each submission is stored as a ``JoinConfirmation``;
the emailed link names it, and only opening that link carries the submission out
(``signing.email_confirm``).

Emails to one address are throttled, counted from those rows so the limit holds across
web and worker processes: at most one email per address and statement every
``RESEND_AFTER``, and ``DAILY_CAP`` a day. A throttled submission is dropped silently; the
public answer does not change.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from alianza.coalition.models import (
    Consent,
    JoinConfirmation,
    JoinSubmission,
    Person,
    PersonEmail,
    Signature,
    Statement,
    normalize_email,
)
from alianza.coalition.services import tokens
from alianza.coalition.services.signing import (
    JoinRequest,
    _absolute,
    request_payload,
    reverse_in,
    statement_current_version,
)
from alianza.core.i18n import pick_text
from alianza.core.models import OutboundEmail
from alianza.core.services import (
    edited_template_remembered,
    email_queue_many,
    email_render,
    supported_language,
)

RESEND_AFTER = timedelta(minutes=10)
KEEP_PROCESSED = timedelta(days=1)
LOCK_CLASS = 7301  # advisory-lock namespace of the per-address throttle
DAILY_CAP = 5
CONFIRM_TEMPLATE = "coalition/email/confirm"
ALREADY_TEMPLATE = "coalition/email/already"


def confirmations_record(
    *, requests: list[JoinRequest], now: datetime | None = None
) -> list[JoinConfirmation | None]:
    """Store each submission until its address confirms it, and email that address.

    A fixed handful of statements however many submissions there are (the batch processor
    passes up to a few hundred). Returns, per request, its stored row, or None if the
    address has had its share of emails for now.
    """
    if not requests:
        return []
    now = now or timezone.now()
    addresses = {normalize_email(r.email) for r in requests}
    _addresses_lock(addresses)
    people = _people(addresses)
    person_ids = {p.pk for p in people.values()}
    statement_ids = {r.statement.pk for r in requests if r.statement is not None}
    signed: set[tuple[int, int]] = set()
    if person_ids and statement_ids:
        signed = set(Signature.objects.filter(
            person_id__in=person_ids, organization__isnull=True,
            statement_id__in=statement_ids, status=Signature.Status.CONFIRMED,
        ).values_list("statement_id", "person_id"))
    subscribed: set[int] = set()
    if person_ids and any(r.receive_updates for r in requests):
        latest: dict[int, bool] = {}
        for person_id, granted in Consent.objects.filter(
            person_id__in=person_ids, kind=Consent.Kind.EMAIL, scope="updates",
        ).order_by("created_at", "pk").values_list("person_id", "granted"):
            latest[person_id] = granted
        subscribed = {pk for pk, granted in latest.items() if granted}
    sent: dict[str, list[tuple[int | None, datetime]]] = defaultdict(list)
    for email, statement_id, at in JoinConfirmation.objects.filter(
        email__in=addresses, emailed=True, created_at__gte=now - timedelta(days=1),
    ).values_list("email", "statement_id", "created_at"):
        sent[email].append((statement_id, at))
    rows: list[JoinConfirmation | None] = []
    for request in requests:
        address = normalize_email(request.email)
        statement_id = request.statement.pk if request.statement is not None else None
        history = sent[address]
        if len(history) >= DAILY_CAP or any(
            sid == statement_id and at > now - RESEND_AFTER for sid, at in history
        ):
            rows.append(None)
            continue
        history.append((statement_id, now))
        rows.append(JoinConfirmation(email=address, statement_id=statement_id,
                                     payload=request_payload(request), emailed=True))
    JoinConfirmation.objects.bulk_create([row for row in rows if row is not None])
    edited = edited_template_remembered()
    titles: dict[tuple[int, str], str] = {}
    emails = [
        _email(request=request, row=row, person=people.get(row.email), signed=signed,
               subscribed=subscribed, titles=titles, edited=edited)
        for request, row in zip(requests, rows, strict=True) if row is not None
    ]
    email_queue_many(emails=emails)
    return rows


def _addresses_lock(addresses: set[str]) -> None:
    """Hold each address until this transaction ends, so two processors can't both decide
    an address has had no email yet. PostgreSQL only; SQLite runs one writer at a time.
    Taken in a fixed order, so two batches sharing addresses wait rather than deadlock."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(a)) "
            "FROM (SELECT a FROM unnest(%s::text[]) AS a ORDER BY a) AS ordered",
            [LOCK_CLASS, sorted(addresses)],
        )


def join_requests_purge(*, now: datetime | None = None) -> int:
    """Delete what was typed into the public forms once it is of no more use.

    Unconfirmed requests hold what a stranger may have typed about someone: they go when
    their link expires, as do confirmed ones (what they asked for is recorded by then).
    Queued submissions go a day after they were processed; failed ones stay for staff.
    """
    now = now or timezone.now()
    deleted, _ = JoinConfirmation.objects.filter(
        created_at__lt=now - timedelta(seconds=tokens.CONFIRM_MAX_AGE)).delete()
    done, _ = JoinSubmission.objects.filter(
        status=JoinSubmission.Status.DONE, processed_at__lt=now - KEEP_PROCESSED).delete()
    return deleted + done


def _people(addresses: set[str]) -> dict[str, Person]:
    people = {p.email: p for p in Person.objects.filter(email__in=addresses)}
    missing = addresses - people.keys()
    if missing:
        for other in PersonEmail.objects.filter(email__in=missing).select_related("person"):
            people[other.email] = other.person
    return people


def _email(*, request: JoinRequest, row: JoinConfirmation, person: Person | None,
           signed: set[tuple[int, int]], subscribed: set[int], titles: dict,
           edited) -> OutboundEmail:
    # A stranger can type any address: an existing person is written to in the language
    # they chose themselves, not the one of whoever filled in the form.
    language = person.preferred_language if person else supported_language(request.language)
    statement = request.statement
    already_signed = bool(
        person and statement and request.sign_individual and (statement.pk, person.pk) in signed
    )
    already_subscribed = bool(
        person and request.receive_updates and person.email_confirmed_at is not None
        and person.pk in subscribed
    )
    organization = request.organization_name if (
        request.sign_organization or request.apply_membership) else ""
    to_confirm = bool(
        (statement and request.sign_individual and not already_signed)
        or (request.receive_updates and not already_subscribed)
        or (organization and (request.apply_membership or statement))
    )
    context = {
        # Who we write to: an existing person by the name they gave us themselves.
        "person": {"name": person.name if person and person.name else request.name,
                   "email": row.email},
        "request": request,
        "statement_title": _title(statement, language, titles) if statement else "",
        "organization_name": organization,
        "already_signed": already_signed,
        "already_subscribed": already_subscribed,
    }
    if to_confirm:
        context["confirm_url"] = _absolute(reverse_in(
            language, "coalition-confirm",
            token=tokens.join_token(confirmation_id=row.pk, email=row.email),
        ))
    return email_render(
        to=row.email, template=CONFIRM_TEMPLATE if to_confirm else ALREADY_TEMPLATE,
        context=context, language=language,
        purpose="confirm-email" if to_confirm else "join-already-done", edited=edited,
    )


def _title(statement: Statement, language: str, titles: dict) -> str:
    key = (statement.pk, language)
    if key not in titles:
        # Raises for a statement with nothing to sign: the row is retried, then failed.
        version = statement_current_version(statement=statement)
        text = pick_text(version.texts.all(), language)
        titles[key] = text.title if text else statement.slug
    return titles[key]
