"""Writes for webhooks: endpoints, emitting events, and delivering them from the outbox."""

from __future__ import annotations

import http.client
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alianza.core.webhooks import events as webhook_events
from alianza.core.webhooks import transport
from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint, secret_new

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd… failed attempt; after the last one the delivery is given up.
BACKOFF_SECONDS = (60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600)
CLAIM_TIMEOUT = timedelta(minutes=5)  # a sender holding a claim this long has died
RETRY_BATCH = 200
Payload = list | dict


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOKS_MAX_ATTEMPTS", len(BACKOFF_SECONDS) + 1))


def retry_delay(attempts: int) -> int:
    """Seconds to wait after ``attempts`` failed attempts."""
    return BACKOFF_SECONDS[min(max(attempts, 1), len(BACKOFF_SECONDS)) - 1]


# Endpoints ------------------------------------------------------------------------------


def _events_clean(events: Iterable[str]) -> list[str]:
    return [name for name in webhook_events.EVENTS if name in set(events)]


def endpoint_create(*, url: str, description: str, events: Iterable[str],
                    created_by: Any = None) -> WebhookEndpoint:
    """Register a receiver. Raises ``transport.UnsafeURL`` for an address it may not use."""
    transport.target_check(url)
    return WebhookEndpoint.objects.create(
        url=url.strip(), description=description.strip(), events=_events_clean(events),
        created_by=created_by)


def endpoint_update(*, endpoint: WebhookEndpoint, url: str, description: str,
                    events: Iterable[str]) -> WebhookEndpoint:
    transport.target_check(url)
    endpoint.url, endpoint.description = url.strip(), description.strip()
    endpoint.events = _events_clean(events)
    endpoint.save(update_fields=["url", "description", "events"])
    return endpoint


def endpoint_set_active(*, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    """Disable (nothing new is queued; waiting deliveries are not sent) or enable again."""
    endpoint.active = active
    endpoint.save(update_fields=["active"])
    return endpoint


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new signing secret; deliveries from now on are signed with it."""
    endpoint.secret = secret_new()
    endpoint.save(update_fields=["secret"])
    return endpoint


# Emitting -------------------------------------------------------------------------------


def webhook_event_emit(*, event: str, payload: Payload | Callable[[], Payload]) -> int:
    """Queue ``event`` for every active endpoint subscribed to it; returns how many.

    Call it inside the transaction that records what happened: the rows are written with
    it (and vanish with a rollback), and the sends are queued once it commits. ``payload``
    may be a function, called only when some endpoint wants the event, so that an event
    nobody listens to costs one small query and nothing else.
    """
    wanted = [pk for pk, names in
              WebhookEndpoint.objects.filter(active=True).values_list("pk", "events")
              if event in (names or ())]
    if not wanted:
        return 0
    data = payload() if callable(payload) else payload
    # Stored as the JSON that will be sent: dates as strings, the same bytes every attempt.
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    created = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint_id=pk, event=event, payload=data) for pk in wanted)
    ids = [delivery.pk for delivery in created]
    transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def webhook_test_send(*, endpoint: WebhookEndpoint, user: Any = None) -> WebhookDelivery:
    """Queue a sample event to ``endpoint`` alone, subscribed to it or not."""
    payload = webhook_events.osdi_payload(
        "alianza:test", None,
        message="A test event from Alianza. Check its signature as you would any other.",
        sent_by=getattr(user, "get_username", lambda: "")())
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=webhook_events.TEST,
                                              payload=payload)
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def delivery_retry_now(*, delivery: WebhookDelivery) -> bool:
    """Give a failed (or still waiting) delivery one more attempt now."""
    updated = WebhookDelivery.objects.filter(pk=delivery.pk).exclude(
        status=WebhookDelivery.Status.DELIVERED).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=None, claimed_at=None)
    if updated:
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return bool(updated)


def _enqueue(ids: list[int], *, delay_seconds: float = 0) -> None:
    from alianza.core.webhooks.tasks import webhook_deliver

    for delivery_id in ids:
        try:
            if delay_seconds:
                # A backend that cannot wait leaves it to `manage.py webhooks_sweep`.
                if webhook_deliver.get_backend().supports_defer:
                    webhook_deliver.using(
                        run_after=timezone.now() + timedelta(seconds=delay_seconds)
                    ).enqueue(delivery_id)
            else:
                webhook_deliver.enqueue(delivery_id)
        except Exception:  # noqa: BLE001 - the row stays pending; the sweep sends it
            logger.exception("Could not enqueue webhook delivery %s", delivery_id)


# Delivering -----------------------------------------------------------------------------


def _due(now) -> Q:
    """Pending and due (or never scheduled), or claimed by a sender that died."""
    pending = Q(status=WebhookDelivery.Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    return pending & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))


def body_bytes(payload: Payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def webhook_deliver_now(*, delivery_id: int) -> bool:
    """Send one due delivery and record the answer. Returns True when it was delivered.

    Claimed with one conditional UPDATE, so two workers never send it together; one not yet
    due (a retry waiting its turn) is left alone. A 2xx answer delivers it; anything else
    (an error, a redirect, no answer within the timeout) schedules the next attempt, or
    gives up after ``WEBHOOKS_MAX_ATTEMPTS``.
    """
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(pk=delivery_id).filter(
        _due(now), endpoint__active=True).update(claimed_at=now)
    if not claimed:
        return False
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    body = body_bytes(delivery.payload)
    timestamp = int(now.timestamp())
    headers = {
        "Alianza-Event": delivery.event,
        "Alianza-Delivery": str(delivery.pk),
        "Alianza-Signature": transport.signature_header(delivery.endpoint.secret, body,
                                                        timestamp),
        # Distinct per attempt, for receivers that log what they were sent.
        "Alianza-Attempt": str(delivery.attempts + 1),
        "Idempotency-Key": str(uuid.uuid5(uuid.NAMESPACE_URL, f"alianza-webhook:{delivery.pk}")),
    }
    code, response, error = None, "", ""
    try:
        answer = transport.post(delivery.endpoint.url, body, headers)
        code, response = answer.status_code, answer.body
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except transport.UnsafeURL as refused:
        error = str(refused)
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
    return _record(delivery, code=code, response=response, error=error, now=now)


def _record(delivery: WebhookDelivery, *, code: int | None, response: str, error: str,
            now) -> bool:
    attempts = delivery.attempts + 1
    fields: dict[str, Any] = {"attempts": attempts, "claimed_at": None,
                              "last_status_code": code, "last_response": response,
                              "last_error": error[:2000]}
    if not error:
        fields.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=timezone.now(),
                      next_attempt_at=None)
    elif attempts >= max_attempts():
        fields.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
    else:
        delay = retry_delay(attempts)
        fields.update(next_attempt_at=now + timedelta(seconds=delay))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if error:
        logger.warning("Webhook delivery %s failed (attempt %s): %s", delivery.pk, attempts,
                       error)
        if fields.get("next_attempt_at"):
            _enqueue([delivery.pk], delay_seconds=retry_delay(attempts))
    return not error


def webhooks_retry_due() -> int:
    """Send every delivery whose time has come; returns how many were delivered."""
    due = WebhookDelivery.objects.filter(_due(timezone.now()), endpoint__active=True)
    delivered = 0
    for delivery_id in due.order_by("pk").values_list("pk", flat=True)[:RETRY_BATCH]:
        delivered += webhook_deliver_now(delivery_id=delivery_id)
    return delivered


def webhooks_prune(*, now=None) -> int:
    """Delete delivered and failed deliveries older than WEBHOOKS_KEEP_DAYS (they carry
    names and addresses); returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=max(int(getattr(settings, "WEBHOOKS_KEEP_DAYS", 30)), 1))
    deleted, _ = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED],
        created_at__lt=cutoff).delete()
    return deleted
