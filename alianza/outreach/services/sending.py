"""The sending engine: expand a mailing into deliveries, claim batches, hand them to SMTP.

The database is the queue. A worker claims a batch with one conditional UPDATE; zero rows
changed means another worker got them. Each message is marked sent in its own statement
right after the SMTP server accepted it (250 to DATA).

What happens at a crash (``kill -9``): rows the dead worker had claimed but not marked sent
are taken over once their claim is older than ``OUTREACH_CLAIM_TIMEOUT``. Messages already
accepted were marked one by one, so they are not sent again; messages not yet accepted are
sent by the next worker, so nobody is skipped. The one message in flight at the moment of
the crash is the only uncertainty: if the server had accepted it but the worker died before
writing "sent" (a window of one UPDATE), that recipient gets it twice — with the same
Message-ID, which many mailbox providers collapse. We chose at-least-once for that single
message over at-most-once, because a duplicate update is a smaller harm than a lost one.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q, Subquery
from django.utils import timezone

from alianza.core.services import retry_delay
from alianza.outreach import conf
from alianza.outreach.models import Delivery, Mailing
from alianza.outreach.selectors_consent import consent_withdrawn_since
from alianza.outreach.services.composer import MailingComposer
from alianza.outreach.services.validation import mailing_check

logger = logging.getLogger(__name__)
EXPAND_CHUNK = 2000


def _enqueue_deliver(mailing_id: int) -> None:
    from alianza.outreach.tasks import mailing_deliver

    try:
        mailing_deliver.enqueue(mailing_id)
    except Exception:  # noqa: BLE001 - the tick or a worker picks the mailing up later
        logger.exception("Could not enqueue delivery of mailing %s", mailing_id)


def mailing_start(*, mailing_id: int, queue_delivery: bool = True) -> list[str]:
    """Check a mailing and, if it is sound, write one Delivery row per recipient.

    The status change and every row are written in one transaction: a mailing is either
    not started, or started with its full recipient list on record. Returns the problems
    that stopped it (also saved on the mailing), or an empty list.
    """
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update(of=("self",)).select_related("segment").get(
            pk=mailing_id)
        if mailing.status not in (Mailing.Status.DRAFT, Mailing.Status.SCHEDULED):
            return []
        errors, resolution = mailing_check(mailing=mailing)
        if errors:
            mailing.problem = "\n".join(errors)
            mailing.status = Mailing.Status.DRAFT
            mailing.save(update_fields=["problem", "status"])
            return errors
        mailing.status = Mailing.Status.SENDING
        mailing.started_at = timezone.now()
        mailing.problem = ""
        mailing.recipient_count = resolution.count
        mailing.excluded_counts = resolution.excluded
        mailing.save()
        for start in range(0, resolution.count, EXPAND_CHUNK):
            Delivery.objects.bulk_create([
                Delivery(mailing_id=mailing.pk, person_id=r.person_id, address=r.address,
                         name=r.name[:200], organization=r.organization[:200],
                         language=r.language, consent_scope=r.consent_scope,
                         consent_at=r.consent_at)
                for r in resolution.recipients[start:start + EXPAND_CHUNK]
            ], ignore_conflicts=True)
        # A cached composer under this id may belong to an older row (ids are reused after
        # deletes on some databases) or to settings since changed: start from a fresh one.
        _composers.pop(mailing.pk, None)
        if queue_delivery:
            transaction.on_commit(lambda: _enqueue_deliver(mailing.pk))
    return []


def mailing_schedule(*, mailing: Mailing, when) -> list[str]:
    errors, _resolution = mailing_check(mailing=mailing)
    if errors:
        return errors
    Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
        status=Mailing.Status.SCHEDULED, scheduled_at=when, problem="",
        modified_at=timezone.now())
    return []


def mailing_cancel(*, mailing: Mailing) -> None:
    """Stop a mailing: rows not yet handed over stay queued on record and are not sent."""
    Mailing.objects.filter(pk=mailing.pk).exclude(status=Mailing.Status.SENT).update(
        status=Mailing.Status.CANCELLED, modified_at=timezone.now())


def _claimable(now) -> Q:
    stale = now - timedelta(seconds=conf.claim_timeout())
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(status=Delivery.Status.QUEUED) & due) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=stale)


def deliveries_claim(*, claim: str, mailing_id: int | None = None, limit: int) -> list[tuple]:
    """Claim up to ``limit`` rows with one UPDATE; returns the rows this claim got."""
    now = timezone.now()
    candidates = Delivery.objects.filter(_claimable(now), mailing__status=Mailing.Status.SENDING)
    if mailing_id is not None:
        candidates = candidates.filter(mailing_id=mailing_id)
    ids = candidates.order_by("id").values("id")[:limit]
    # The condition is repeated outside the subquery so that, on PostgreSQL, a row another
    # worker claimed first fails the re-check and is skipped instead of claimed twice.
    changed = Delivery.objects.filter(_claimable(now), pk__in=Subquery(ids)).update(
        status=Delivery.Status.SENDING, claimed_by=claim, claimed_at=now)
    if not changed:
        return []
    return list(Delivery.objects.filter(claimed_by=claim, status=Delivery.Status.SENDING)
                .order_by("id").values_list("id", "mailing_id", "person_id", "address", "name",
                                            "organization", "language", "attempts",
                                            "consent_scope", "consent_at"))


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0


class _Marker:
    """The hot-path UPDATEs as prepared SQL: the ORM's per-call cost would halve throughput."""

    def __init__(self) -> None:
        table = connection.ops.quote_name(Delivery._meta.db_table)
        self.sent_sql = (
            f"UPDATE {table} SET status = %s, sent_at = %s, attempts = attempts + 1, "
            f"message_id = %s, error = '' WHERE id = %s AND claimed_by = %s"
        )
        self.heartbeat_sql = f"UPDATE {table} SET claimed_at = %s WHERE claimed_by = %s"

    def sent(self, delivery_id: int, message_id: str, claim: str) -> None:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(self.sent_sql,
                           [Delivery.Status.SENT, now, message_id, delivery_id, claim])

    def heartbeat(self, claim: str) -> None:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(self.heartbeat_sql, [now, claim])


def _fail(delivery_id: int, claim: str, attempts: int, error: str, *, permanent: bool) -> bool:
    """Record a failed hand-off; temporary ones are retried with backoff. True if retried."""
    attempts += 1
    gave_up = permanent or attempts >= conf.max_attempts()
    Delivery.objects.filter(pk=delivery_id, claimed_by=claim).update(
        status=Delivery.Status.FAILED if gave_up else Delivery.Status.QUEUED,
        attempts=attempts, error=error[:2000], claimed_by="", claimed_at=None,
        next_attempt_at=None if gave_up else timezone.now() + timedelta(
            seconds=retry_delay(attempts)),
    )
    return not gave_up


def _release(claim: str) -> None:
    Delivery.objects.filter(claimed_by=claim, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED, claimed_by="", claimed_at=None)


def smtp_open(provider: dict) -> smtplib.SMTP:
    server = smtplib.SMTP(provider["host"], int(provider["port"]),
                          timeout=provider.get("timeout") or 20)
    # Commands and replies are small and strictly alternating: without TCP_NODELAY, Nagle's
    # algorithm and delayed ACKs add milliseconds of idle time per message.
    server.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server.ehlo_or_helo_if_needed()
    if provider.get("tls"):
        server.starttls()
        server.ehlo()
    if provider.get("user"):
        server.login(provider["user"], provider.get("password") or "")
    return server


_LEADING_DOT = re.compile(rb"(?m)^\.")


def smtp_submit(server: smtplib.SMTP, sender: str, recipient: str, raw: bytes) -> bool:
    """Hand one message over; True when the server's final reply is still to be read.

    With PIPELINING (RFC 2920) the envelope goes in one write and the caller may prepare
    the next message while the server digests this one (see ``smtp_result``). Raises the
    same smtplib exceptions as ``sendmail`` so callers handle both paths alike.
    """
    if not server.does_esmtp or not server.has_extn("pipelining"):
        server.sendmail(sender, [recipient], raw)
        return False
    server.send(f"MAIL FROM:<{sender}>\r\nRCPT TO:<{recipient}>\r\nDATA\r\n".encode())
    mail_reply, rcpt_reply, data_reply = server.getreply(), server.getreply(), server.getreply()
    if data_reply[0] == 354 and (mail_reply[0] != 250 or rcpt_reply[0] not in (250, 251)):
        server.send(b".\r\n")  # a lenient server said 354 anyway: end the empty message
        server.getreply()
    if mail_reply[0] != 250:
        server.rset()
        raise smtplib.SMTPSenderRefused(mail_reply[0], mail_reply[1], sender)
    if rcpt_reply[0] not in (250, 251):
        server.rset()
        raise smtplib.SMTPRecipientsRefused({recipient: rcpt_reply})
    if data_reply[0] != 354:
        server.rset()
        raise smtplib.SMTPDataError(*data_reply)
    payload = _LEADING_DOT.sub(b"..", raw)
    if not payload.endswith(b"\r\n"):
        payload += b"\r\n"
    server.send(payload + b".\r\n")
    return True


def smtp_result(server: smtplib.SMTP) -> None:
    """Read the reply to the end of DATA: only a 250 means the server took the message."""
    code, message = server.getreply()
    if code != 250:
        server.rset()
        raise smtplib.SMTPDataError(code, message)


def smtp_send(server: smtplib.SMTP, sender: str, recipient: str, raw: bytes) -> None:
    if smtp_submit(server, sender, recipient, raw):
        smtp_result(server)


_composers: dict[int, MailingComposer] = {}


def composer_for(mailing_id: int) -> MailingComposer:
    composer = _composers.get(mailing_id)
    if composer is None:
        if len(_composers) > 20:
            _composers.clear()
        mailing = Mailing.objects.select_related("segment").get(pk=mailing_id)
        composer = _composers[mailing_id] = MailingComposer(mailing)
    return composer


def _is_unknown_user(code: int, message: bytes | str) -> bool:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return code in (550, 551, 553) and ("5.1.1" in text or "5.1.0" in text or "5.1.10" in text)


NO_CONSENT = "no email consent on record for this bulk message"
CONSENT_WITHDRAWN = "email consent withdrawn before this message was sent"


def _without_consent_refused(rows: list[tuple], claim: str, result: BatchResult) -> list[tuple]:
    """Fail, for good, claimed rows that rest on no consent or on one since withdrawn.

    Bulk mail is never sent without consent, whatever wrote the delivery row.
    """
    by_mailing: dict[int, dict[int, str]] = {}
    for row in rows:
        if row[8]:
            by_mailing.setdefault(row[1], {})[row[2]] = row[8]
    withdrawn: set[tuple[int, int]] = set()
    for mailing_id, scopes in by_mailing.items():
        since = composer_for(mailing_id).mailing.started_at
        if since is not None:
            withdrawn.update((mailing_id, pid) for pid in consent_withdrawn_since(
                person_scopes=scopes, since=since))
    kept = []
    for row in rows:
        problem = NO_CONSENT if not row[8] else (
            CONSENT_WITHDRAWN if (row[1], row[2]) in withdrawn else "")
        if problem:
            _fail(row[0], claim, row[7], problem, permanent=True)
            result.failed += 1
        else:
            kept.append(row)
    return kept


def deliveries_send_batch(*, mailing_id: int | None = None, worker: str = "") -> BatchResult:
    """Claim one batch and hand it to the mail server over one SMTP connection."""
    from alianza.outreach.services.bounces import bounce_record_refusal

    claim = f"{worker or socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:10]}"
    rows = deliveries_claim(claim=claim, mailing_id=mailing_id, limit=conf.batch_size())
    result = BatchResult(claimed=len(rows))
    if not rows:
        return result
    rows = _without_consent_refused(rows, claim, result)
    if not rows:
        return result
    marker = _Marker()
    server = None
    last_beat = time.monotonic()
    try:
        provider = conf.provider(composer_for(rows[0][1]).mailing.provider)
        interval = 1.0 / provider["rate"] if provider.get("rate") else 0.0
        next_slot = time.monotonic()
        server = smtp_open(provider)
        prepared: dict[int, object] = {}

        def render(row: tuple):
            return composer_for(row[1]).render(
                delivery_id=row[0], person_id=row[2], address=row[3], name=row[4],
                organization=row[5], language=row[6], consent_scope=row[8],
                consent_at=row[9])

        for index, row in enumerate(rows):
            delivery_id, _m, _p, address, _n, _o, _l, attempts = row[:8]
            if interval:
                delay = next_slot - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                next_slot = max(next_slot, time.monotonic()) + interval
            if time.monotonic() - last_beat > 5:
                marker.heartbeat(claim)  # keep the claim fresh during slow, rate-limited sends
                last_beat = time.monotonic()
            outgoing = prepared.pop(delivery_id, None) or render(row)
            try:
                pending = smtp_submit(server, outgoing.envelope_from, address, outgoing.raw)
                if index + 1 < len(rows):
                    # Render the next message while the server works on this one.
                    prepared[rows[index + 1][0]] = render(rows[index + 1])
                if pending:
                    smtp_result(server)
            except smtplib.SMTPRecipientsRefused as error:
                code, message = error.recipients.get(address, (550, b""))
                permanent = code >= 500
                if permanent and _is_unknown_user(code, message):
                    bounce_record_refusal(delivery_id=delivery_id, detail=f"{code} {message!r}")
                retried = _fail(delivery_id, claim, attempts, f"{code} {message!r}",
                                permanent=permanent)
                result.retried += retried
                result.failed += not retried
                continue
            except smtplib.SMTPResponseException as error:
                permanent = error.smtp_code >= 500
                retried = _fail(delivery_id, claim, attempts,
                                f"{error.smtp_code} {error.smtp_error!r}", permanent=permanent)
                result.retried += retried
                result.failed += not retried
                if isinstance(error, smtplib.SMTPSenderRefused) or error.smtp_code == 421:
                    break
                continue
            marker.sent(delivery_id, outgoing.message_id, claim)
            result.sent += 1
    except (smtplib.SMTPException, OSError) as error:
        # The connection broke: nothing more can be known about the rest of the batch.
        logger.warning("SMTP connection lost during batch %s: %s", claim, error)
    finally:
        _release(claim)
        if server is not None:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                server.close()
    return result


def mailing_finish_if_done(*, mailing_id: int) -> bool:
    unfinished = Delivery.objects.filter(
        mailing_id=mailing_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])
    if unfinished.exists():
        return False
    return bool(Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.SENDING).update(
        status=Mailing.Status.SENT, finished_at=timezone.now(), modified_at=timezone.now()))


def mailing_deliver_all(*, mailing_id: int | None = None, worker: str = "",
                        max_seconds: float | None = None) -> int:
    """Send batches until nothing is claimable. Returns how many messages were sent."""
    started = time.monotonic()
    sent = 0
    while True:
        batch = deliveries_send_batch(mailing_id=mailing_id, worker=worker)
        sent += batch.sent
        # A batch with no outcome at all means the server could not be reached: stop
        # rather than spin; the tick queues the mailing again once it is due.
        stalled = batch.claimed and not (batch.sent or batch.failed or batch.retried)
        if not batch.claimed or stalled or (
                max_seconds and time.monotonic() - started > max_seconds):
            break
    if mailing_id is None:
        mailings_finish_done()
    else:
        mailing_finish_if_done(mailing_id=mailing_id)
    return sent


def work_left(*, mailing_id: int | None = None) -> bool:
    rows = Delivery.objects.filter(
        mailing__status=Mailing.Status.SENDING,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])
    if mailing_id is not None:
        rows = rows.filter(mailing_id=mailing_id)
    return rows.exists()


def mailings_finish_done() -> int:
    return sum(mailing_finish_if_done(mailing_id=pk) for pk in Mailing.objects.filter(
        status=Mailing.Status.SENDING).values_list("pk", flat=True))
