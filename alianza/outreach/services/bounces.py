"""Bounces and complaints: map them to a delivery, classify, suppress.

Sources: DSN (RFC 3464) and ARF (RFC 5965) messages arriving at the per-recipient return
path (from a mailbox file or the local SMTP endpoint), and provider webhooks. One hard
bounce, ``OUTREACH_SOFT_BOUNCE_LIMIT`` soft bounces, or one complaint suppresses the
address everywhere until staff lift it with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from django.db import IntegrityError, transaction
from django.utils import timezone

from alianza.coalition.models import Person, normalize_email
from alianza.outreach import conf
from alianza.outreach.models import Delivery, MailingEvent, Suppression
from alianza.outreach.services import tokens

HARD, SOFT, COMPLAINT = "hard", "soft", "complaint"
_VERP = re.compile(r"\+([0-9a-z]+-[0-9a-f]{10})@", re.IGNORECASE)
_STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")


@dataclass
class BounceOutcome:
    kind: str | None
    delivery_id: int | None
    address: str
    suppressed: bool = False


def delivery_from_verp(address: str) -> int | None:
    match = _VERP.search(address or "")
    return tokens.read_verp_token(match.group(1).lower()) if match else None


def classify(message: EmailMessage) -> tuple[str | None, str, str]:
    """(kind, failed recipient, detail) of a bounce or complaint report, or (None, "", "")."""
    content_type = message.get_content_type()
    report_type = (message.get_param("report-type") or "").lower()
    if content_type == "multipart/report" and report_type == "feedback-report":
        recipient = ""
        for part in message.walk():
            if part.get_content_type() == "message/feedback-report":
                recipient = _field(_part_text(part), "Original-Rcpt-To")
        return COMPLAINT, recipient, "feedback report"
    if content_type == "multipart/report" and report_type == "delivery-status":
        for part in message.walk():
            if part.get_content_type() != "message/delivery-status":
                continue
            text = _part_text(part)
            action = _field(text, "Action").lower()
            status = _field(text, "Status")
            recipient = _field(text, "Final-Recipient") or _field(text, "Original-Recipient")
            recipient = recipient.split(";", 1)[-1].strip()
            diagnostic = _field(text, "Diagnostic-Code")
            if action == "delayed" or status.startswith("4"):
                return SOFT, recipient, f"{status} {diagnostic}".strip()
            if action == "failed" or status.startswith("5"):
                return HARD, recipient, f"{status} {diagnostic}".strip()
        return None, "", ""
    return None, "", ""


def _part_text(part: EmailMessage) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):
        # The stdlib parses message/delivery-status into a list of header blocks.
        return "\n".join(str(block) for block in payload)
    return str(payload)


def _field(text: str, name: str) -> str:
    match = re.search(rf"^{name}:\s*(.+)$", text, re.IGNORECASE | re.MULTILINE)
    return match.group(1).strip() if match else ""


def suppress(*, address: str, reason: str, detail: str = "") -> bool:
    """Add an active suppression unless one exists. True when a new one was added."""
    try:
        with transaction.atomic():
            if Suppression.objects.filter(address=address, lifted_at__isnull=True).exists():
                return False
            Suppression.objects.create(address=address, reason=reason, detail=detail[:2000])
            return True
    except IntegrityError:
        return False


def bounce_record(
    *, kind: str, delivery_id: int | None = None, address: str = "", detail: str = ""
) -> BounceOutcome:
    """Record a bounce or complaint and suppress the address when the rules say so."""
    from alianza.outreach.services.subscriptions import subscription_unsubscribe

    delivery = Delivery.objects.filter(pk=delivery_id).first() if delivery_id else None
    address = normalize_email(delivery.address if delivery else address)
    outcome = BounceOutcome(kind=kind, delivery_id=delivery.pk if delivery else None,
                            address=address)
    if not address:
        return outcome
    event_kind = {HARD: MailingEvent.Kind.HARD_BOUNCE, SOFT: MailingEvent.Kind.SOFT_BOUNCE,
                  COMPLAINT: MailingEvent.Kind.COMPLAINT}[kind]
    MailingEvent.objects.create(mailing_id=delivery.mailing_id if delivery else None,
                                delivery=delivery, address=address, kind=event_kind,
                                detail=detail[:2000])
    if kind == HARD:
        if delivery:
            Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.BOUNCED,
                                                           error=detail[:2000])
        outcome.suppressed = suppress(address=address, reason=Suppression.Reason.HARD_BOUNCE,
                                      detail=detail)
    elif kind == SOFT:
        lifted = Suppression.objects.filter(address=address, lifted_at__isnull=False) \
            .order_by("-lifted_at").values_list("lifted_at", flat=True).first()
        softs = MailingEvent.objects.filter(address=address, kind=MailingEvent.Kind.SOFT_BOUNCE)
        if lifted:
            softs = softs.filter(created_at__gt=lifted)
        if softs.count() >= conf.soft_bounce_limit():
            outcome.suppressed = suppress(address=address,
                                          reason=Suppression.Reason.SOFT_BOUNCES, detail=detail)
    else:
        outcome.suppressed = suppress(address=address, reason=Suppression.Reason.COMPLAINT,
                                      detail=detail)
        person = Person.objects.filter(email=address).first()
        if person:
            subscription_unsubscribe(person=person, lists=None, source="complaint",
                                     wording="Marked our email as spam")
    return outcome


def bounce_record_refusal(*, delivery_id: int, detail: str) -> BounceOutcome:
    """The server refused the recipient outright during the SMTP conversation."""
    return bounce_record(kind=HARD, delivery_id=delivery_id, detail=detail)


def bounce_process_message(raw: bytes, *, recipients: list[str] | None = None) -> BounceOutcome:
    """Handle one message that arrived at a return path (a DSN, ARF report, or other)."""
    message = message_from_bytes(raw, policy=policy.default)
    kind, failed, detail = classify(message)
    delivery_id = None
    for candidate in [*(recipients or []), message.get("To", ""),
                      message.get("Delivered-To", ""), message.get("X-Original-To", "")]:
        delivery_id = delivery_from_verp(str(candidate))
        if delivery_id:
            break
    if delivery_id is None and kind:
        delivery_id = _delivery_from_original(message)
    if kind is None:
        return BounceOutcome(kind=None, delivery_id=delivery_id, address=failed)
    if delivery_id and not Delivery.objects.filter(pk=delivery_id).exists():
        delivery_id = None
    return bounce_record(kind=kind, delivery_id=delivery_id, address=failed, detail=detail)


def _delivery_from_original(message: EmailMessage) -> int | None:
    """Fallback: the returned original's Message-ID (ours carry the delivery token)."""
    for part in message.walk():
        if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
            text = part.as_string() if part.get_content_type() == "message/rfc822" \
                else str(part.get_payload())
            match = re.search(r"Message-ID:\s*<m\d+\.([0-9a-z]+-[0-9a-f]{10})@", text,
                              re.IGNORECASE)
            if match:
                return tokens.read_verp_token(match.group(1).lower())
    return None


def bounce_process_webhook(payload: dict | list) -> list[BounceOutcome]:
    """A provider's JSON events: ``{"events": [{"type", "recipient", "return_path",
    "message_id", "detail"}]}`` with type ``hard_bounce``, ``soft_bounce`` or ``complaint``.
    """
    events = payload.get("events", [payload]) if isinstance(payload, dict) else payload
    kinds = {"hard_bounce": HARD, "bounce": HARD, "soft_bounce": SOFT, "complaint": COMPLAINT,
             "spam": COMPLAINT}
    outcomes = []
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        kind = kinds.get(str(event.get("type", "")).lower())
        if kind is None:
            continue
        delivery_id = delivery_from_verp(str(event.get("return_path", "")))
        if delivery_id is None:
            match = re.search(r"<?m\d+\.([0-9a-z]+-[0-9a-f]{10})@",
                              str(event.get("message_id", "")), re.IGNORECASE)
            delivery_id = tokens.read_verp_token(match.group(1).lower()) if match else None
        if delivery_id and not Delivery.objects.filter(pk=delivery_id).exists():
            delivery_id = None
        address = str(event.get("recipient", ""))[:254]
        if delivery_id is None and not address:
            continue
        outcomes.append(bounce_record(kind=kind, delivery_id=delivery_id, address=address,
                                      detail=str(event.get("detail", ""))[:2000]))
    return outcomes


@transaction.atomic
def suppression_lift(*, suppression: Suppression, user, reason: str) -> Suppression:
    if not reason.strip():
        raise ValueError("A reason is needed to lift a suppression.")
    suppression.lifted_at = timezone.now()
    suppression.lifted_by = user
    suppression.lift_reason = reason.strip()
    suppression.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return suppression


def suppression_add(*, address: str, detail: str = "") -> bool:
    return suppress(address=normalize_email(address), reason=Suppression.Reason.MANUAL,
                    detail=detail)
