"""Writes shared by every module: queueing and delivering email in the recipient's language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alianza.core.models import OutboundEmail
from alianza.core.site import reply_to, sender, site_name

logger = logging.getLogger(__name__)
BULK_WITHOUT_CONSENT = "bulk email without a consent on record is never sent"


class BulkEmailWithoutConsent(ValueError):
    """A bulk (non-transactional) email was queued without the consent it rests on."""


def supported_language(tag: str | None) -> str:
    """The closest site language for a BCP 47 tag ("es-MX" → "es"), English by default."""
    codes = [code for code, _name in settings.LANGUAGES]
    if tag:
        tag = tag.strip().lower().replace("_", "-")
        if tag in codes:
            return tag
        primary = tag.split("-")[0]
        if primary in codes:
            return primary
    return settings.LANGUAGE_CODE


def email_render(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    purpose: str,
    edited: Callable[[str, str, dict[str, Any]], tuple[str, str, str] | None] | None = None,
    transactional: bool = True,
    consent_scope: str = "",
    calendar: str = "",
    reply_to_address: str = "",
) -> OutboundEmail:
    """Render ``template`` in the recipient's language into an unsaved outbox row.

    ``transactional`` marks a message the person's own action calls for (a confirmation
    link, a receipt, a decision on their application): the only kind sent without email
    consent. Anything else is bulk and must name the ``consent_scope`` it rests on.

    Templates live at ``<template>.subject.txt``, ``<template>.txt`` and optionally
    ``<template>.html``; staff-edited wording (outreach module) takes precedence.
    ``edited`` replaces that lookup, e.g. with one remembered across a batch.
    ``calendar`` is an iCalendar text (an event invitation) sent with the message.
    ``reply_to_address`` replaces the coalition's contact address as the Reply-To.
    """
    language = supported_language(language)
    context = {**context, "SITE_NAME": site_name(), "SITE_URL": settings.SITE_URL}
    with translation.override(language):
        found = (edited or _edited_template)(template, language, context)
        if found:
            subject, body_text, body_html = found
        else:
            subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
            body_text = render_to_string(f"{template}.txt", context)
            body_html = ""
            if _template_exists(f"{template}.html"):
                try:
                    body_html = render_to_string(f"{template}.html", context)
                except Exception:  # noqa: BLE001 - the HTML part is optional
                    logger.exception("HTML part of %s could not be rendered", template)
    return OutboundEmail(
        to=to,
        language=language,
        purpose=purpose,
        kind=OutboundEmail.Kind.TRANSACTIONAL if transactional else OutboundEmail.Kind.BULK,
        consent_scope=consent_scope,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        calendar=calendar,
        reply_to=reply_to_address,
    )


def email_queue(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    purpose: str,
    transactional: bool = True,
    consent_scope: str = "",
    calendar: str = "",
    reply_to_address: str = "",
) -> OutboundEmail:
    """Render ``template`` in the recipient's language and queue it for delivery.

    Delivery is queued after the surrounding transaction commits. See ``email_render``
    for ``transactional`` and ``consent_scope``.
    """
    return email_store(outbound=email_render(
        to=to, template=template, context=context, language=language, purpose=purpose,
        transactional=transactional, consent_scope=consent_scope, calendar=calendar,
        reply_to_address=reply_to_address,
    ))


def _refuse_bulk_without_consent(emails: list[OutboundEmail]) -> None:
    for outbound in emails:
        if outbound.kind == OutboundEmail.Kind.BULK and not outbound.consent_scope:
            raise BulkEmailWithoutConsent(f"{outbound.purpose}: {BULK_WITHOUT_CONSENT}")


def email_store(*, outbound: OutboundEmail) -> OutboundEmail:
    """Save a rendered email; its delivery is queued once the transaction commits."""
    _refuse_bulk_without_consent([outbound])
    outbound.save()
    transaction.on_commit(lambda: _enqueue_delivery(outbound.pk))
    return outbound


def email_queue_many(*, emails: list[OutboundEmail]) -> list[OutboundEmail]:
    """Store rendered emails with one INSERT and queue their delivery as one task.

    Used by batch processing (a burst of signatures): one outbox write and one task per
    batch instead of one of each per message.
    """
    if not emails:
        return []
    _refuse_bulk_without_consent(emails)
    created = OutboundEmail.objects.bulk_create(emails)
    ids = [outbound.pk for outbound in created]  # PostgreSQL and SQLite 3.35+ return them
    transaction.on_commit(lambda: _enqueue_delivery_batch(ids))
    return created


def edited_template_remembered() -> Callable[[str, str, dict[str, Any]], tuple | None]:
    """A staff-edited-template lookup for one batch of emails.

    A template and language without edited wording are looked up once per batch rather
    than once per message; edited ones are still rendered for each recipient.
    """
    absent: set[tuple[str, str]] = set()

    def lookup(template: str, language: str, context: dict[str, Any]) -> tuple | None:
        if (template, language) in absent:
            return None
        found = _edited_template(template, language, context)
        if found is None:
            absent.add((template, language))
        return found

    return lookup


# Optional template parts (the HTML alternative) are looked up once per process, not
# once per message: a missing template costs a search through every template folder.
_template_present: dict[str, bool] = {}


def _template_exists(name: str) -> bool:
    present = _template_present.get(name)
    if present is None:
        try:
            get_template(name)
            present = True
        except TemplateDoesNotExist:
            present = False
        if not settings.DEBUG:  # while developing, templates come and go
            _template_present[name] = present
    return present


def _edited_template(
    template: str, language: str, context: dict[str, Any]
) -> tuple[str, str, str] | None:
    """Staff-edited wording for this email and language (outreach module), if any."""
    from django.apps import apps

    if not apps.is_installed("alianza.outreach"):
        return None
    from alianza.outreach.services.templates import email_template_render

    return email_template_render(key=template, language=language, context=context)


def _enqueue_delivery(outbound_id: int, *, delay_seconds: float = 0) -> None:
    from alianza.core.tasks import email_deliver

    try:
        if delay_seconds:
            email_deliver.using(
                run_after=timezone.now() + timedelta(seconds=delay_seconds)
            ).enqueue(outbound_id)
        else:
            email_deliver.enqueue(outbound_id)
    except Exception:  # noqa: BLE001 - the sweep picks the row up later
        logger.exception("Could not enqueue delivery of email %s", outbound_id)


def _enqueue_delivery_batch(outbound_ids: list[int]) -> None:
    from alianza.core.tasks import email_deliver_batch

    try:
        email_deliver_batch.enqueue(outbound_ids)
    except Exception:  # noqa: BLE001 - the sweep picks the rows up later
        logger.exception("Could not enqueue delivery of %s emails", len(outbound_ids))


CLAIM_TIMEOUT = timedelta(minutes=10)  # a sender claiming for longer has died
SENT_MARK_EVERY = 50


def _claimable(stale_before) -> Q:
    """Pending rows, and rows whose sender died mid-send (claimed long ago)."""
    return Q(status=OutboundEmail.Status.PENDING) | Q(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=stale_before
    )


def retry_delay(attempts: int) -> float:
    """Exponential backoff: 30 s, 1 min, 2 min, … capped at 6 hours."""
    return min(30 * 2 ** max(attempts - 1, 0), 6 * 3600)


def email_deliver_now(*, outbound_id: int, connection: Any = None) -> bool:
    """Hand one queued email to the mail server. Returns True when it was sent.

    The row is claimed with a single conditional UPDATE, so two workers never send the
    same message; a claim older than ten minutes is considered abandoned. ``connection``
    (an open email backend) lets several messages share one connection.
    """
    now = timezone.now()
    claimable = OutboundEmail.objects.filter(pk=outbound_id).filter(
        _claimable(now - CLAIM_TIMEOUT)
    )
    if not claimable.update(status=OutboundEmail.Status.SENDING, claimed_at=now):
        return False
    outbound = OutboundEmail.objects.get(pk=outbound_id)
    if _send(outbound, connection, now):
        _mark_sent([outbound])
        return True
    return False


def email_deliver_many(*, outbound_ids: list[int]) -> int:
    """Deliver several queued emails over one connection. Returns how many were sent.

    The same claim, retry and give-up rules as ``email_deliver_now``, with the claim and
    the "sent" marks made for many rows at a time: a burst of confirmations costs a few
    statements per batch rather than three per message.
    """
    from django.core.mail import get_connection

    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.filter(pk__in=outbound_ids)
            .filter(_claimable(now - CLAIM_TIMEOUT))
            .select_for_update(skip_locked=True).values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=OutboundEmail.Status.SENDING, claimed_at=now)
    if not ids:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # noqa: BLE001 - each message then fails, and is retried, on its own
        logger.warning("Could not connect to the mail server", exc_info=True)
        connection = None
    sent: list[OutboundEmail] = []
    try:
        for outbound in OutboundEmail.objects.filter(pk__in=ids).order_by("pk"):
            if _send(outbound, connection, now):
                sent.append(outbound)
            if len(sent) >= SENT_MARK_EVERY:  # a crash now resends at most these few
                _mark_sent(sent)
                sent = []
    finally:
        _mark_sent(sent)
        if connection is not None:
            connection.close()
    return OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.SENT).count()


def _send(outbound: OutboundEmail, connection: Any, now) -> bool:
    """Send one claimed message; on failure record it and schedule the retry."""
    if outbound.kind == OutboundEmail.Kind.BULK and not outbound.consent_scope:
        # Only transactional email may go out without consent: refuse, for good.
        OutboundEmail.objects.filter(pk=outbound.pk).update(
            status=OutboundEmail.Status.FAILED, last_error=BULK_WITHOUT_CONSENT, claimed_at=None)
        return False
    message = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.body_text,
        from_email=sender(),
        to=[outbound.to],
        reply_to=[outbound.reply_to] if outbound.reply_to else reply_to(),
        headers={"Content-Language": outbound.language},
        connection=connection,
    )
    if outbound.body_html:
        message.attach_alternative(outbound.body_html, "text/html")
    if outbound.calendar:
        _attach_calendar(message, outbound.calendar)
    try:
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any transport error is retried
        attempts = outbound.attempts + 1
        gave_up = attempts >= settings.EMAIL_MAX_ATTEMPTS
        delay = retry_delay(attempts)
        OutboundEmail.objects.filter(pk=outbound.pk).update(
            status=OutboundEmail.Status.FAILED if gave_up else OutboundEmail.Status.PENDING,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=None if gave_up else now + timedelta(seconds=delay),
            claimed_at=None,
        )
        logger.warning("Email %s failed (attempt %s): %s", outbound.pk, attempts, error)
        if not gave_up:
            _enqueue_delivery(outbound.pk, delay_seconds=delay)
        return False
    return True


def _attach_calendar(message: EmailMultiAlternatives, calendar: str) -> None:
    """Attach an invitation the way mail clients look for it: a ``text/calendar`` part
    naming its METHOD (shown as an invitation with accept buttons), and the same text as an
    ``.ics`` file for clients that only offer attachments."""
    method = next((line.split(":", 1)[1].strip() for line in calendar.splitlines()
                   if line.upper().startswith("METHOD:")), "PUBLISH")
    mimetype = f"text/calendar; method={method}"
    message.attach_alternative(calendar, mimetype)
    name = "cancel.ics" if method.upper() == "CANCEL" else "invite.ics"
    message.attach(name, calendar, "text/calendar")


def _mark_sent(outbounds: list[OutboundEmail]) -> None:
    if outbounds:
        OutboundEmail.objects.filter(pk__in=[o.pk for o in outbounds]).update(
            status=OutboundEmail.Status.SENT,
            attempts=F("attempts") + 1,
            sent_at=timezone.now(),
            last_error="",
            claimed_at=None,
        )


def email_retry_due() -> int:
    """Deliver every pending email whose retry time has come. Returns how many were sent."""
    now = timezone.now()
    due = OutboundEmail.objects.filter(
        _claimable(now - CLAIM_TIMEOUT)
    ).exclude(next_attempt_at__gt=now)
    sent = 0
    for outbound_id in due.values_list("pk", flat=True)[:500]:
        sent += email_deliver_now(outbound_id=outbound_id)
    return sent


def outbox_prune(*, now=None) -> int:
    """Delete sent and failed emails older than OUTBOX_MAX_AGE_DAYS; returns how many.

    A confirmation carries what a stranger typed into a public form, and every email carries
    its recipient's address: once delivered (or given up) it is kept only long enough for
    staff to answer "did it go out?" and for the per-address throttles, which look back a day.
    Pending emails are never pruned.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=max(settings.OUTBOX_MAX_AGE_DAYS, 2))
    deleted, _ = OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED],
        created_at__lt=cutoff,
    ).delete()
    return deleted


# Two-factor devices ---------------------------------------------------------------------

BACKUP_CODE_COUNT = 10


def totp_device_start(*, user) -> TOTPDevice:
    """The not-yet-confirmed authenticator for ``user``, made once so the QR code is stable."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; returns fresh backup codes, or None if wrong."""
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        return backup_codes_issue(user=device.user)


def backup_codes_issue(*, user) -> list[str]:
    """Replace ``user``'s backup codes; each works once. Shown to them only this time."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="backup", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _n in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes
