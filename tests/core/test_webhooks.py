"""Webhooks out: signed deliveries to a real receiver, retries with backoff, giving up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from alianza.core.webhooks import events
from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint
from alianza.core.webhooks.services import (
    endpoint_create,
    webhook_event_emit,
    webhooks_prune,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

PAYLOAD = events.osdi_payload("osdi:signature", None, person=events.osdi_person(
    None, name="María López", email="maria@example.org", language="es"))


def endpoint_for(receiver, *names: str) -> WebhookEndpoint:
    return endpoint_create(url=receiver.url, description="CRM",
                           events=names or [events.SIGNATURE_CONFIRMED])


def emit(event: str = events.SIGNATURE_CONFIRMED, payload=PAYLOAD) -> int:
    with transaction.atomic():
        return webhook_event_emit(event=event, payload=payload)


def time_passes(delivery: WebhookDelivery) -> None:
    """The wait before the next attempt is over."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


def sweep() -> None:
    call_command("webhooks_sweep", verbosity=0)


def test_a_delivery_is_signed_so_the_receiver_can_verify_it(receiver):
    endpoint = endpoint_for(receiver)

    assert emit() == 1

    [got] = receiver.received
    assert got.signature_valid(endpoint.secret)
    assert not got.signature_valid("whsec_someone-else")
    assert got.headers["Alianza-Event"] == "signature.confirmed"
    assert got.headers["Content-Type"] == "application/json"
    delivery = WebhookDelivery.objects.get()
    assert got.headers["Alianza-Delivery"] == str(delivery.pk)
    person = got.json[0]["osdi:signature"]["person"]
    assert person["given_name"] == "María" and person["family_name"] == "López"
    assert person["email_addresses"] == [{"address": "maria@example.org", "primary": True}]
    assert person["languages_spoken"] == ["es"]
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert (delivery.attempts, delivery.last_status_code, delivery.last_response) == (1, 200, "ok")
    assert delivery.delivered_at is not None


def test_a_tampered_body_fails_the_check(receiver):
    endpoint = endpoint_for(receiver)
    emit()
    [got] = receiver.received
    got.body = got.body.replace(b"maria@example.org", b"mallory@example.org")
    assert not got.signature_valid(endpoint.secret)


def test_a_receiver_answering_500_is_retried_with_backoff(receiver):
    endpoint_for(receiver)
    receiver.answer(500, b"database down", times=2)

    before = timezone.now()
    emit()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert (delivery.attempts, delivery.last_status_code) == (1, 500)
    assert delivery.last_response == "database down" and delivery.last_error == "HTTP 500"
    assert timedelta(seconds=59) <= delivery.next_attempt_at - before <= timedelta(seconds=65)

    sweep()  # not due yet: nothing is sent
    assert len(receiver.received) == 1

    time_passes(delivery)
    before = timezone.now()
    sweep()
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == WebhookDelivery.Status.PENDING
    assert timedelta(minutes=5) - timedelta(seconds=1) <= delivery.next_attempt_at - before
    assert delivery.next_attempt_at - before <= timedelta(minutes=5, seconds=5)

    time_passes(delivery)
    sweep()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.attempts == 3
    assert len(receiver.received) == 3
    # Every attempt carries the same delivery id and body, signed afresh.
    assert len({r.headers["Alianza-Delivery"] for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1


def test_a_receiver_that_does_not_answer_in_time_is_retried(receiver):
    endpoint_for(receiver)
    receiver.answer(200, b"too late", delay=2)

    emit()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1
    assert "timed out" in delivery.last_error.lower()
    assert delivery.last_status_code is None
    time_passes(delivery)
    sweep()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_a_delivery_is_given_up_after_the_last_attempt(receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    endpoint_for(receiver)
    receiver.answer(503, times=10)

    emit()
    delivery = WebhookDelivery.objects.get()
    for _attempt in range(2):
        time_passes(delivery)
        sweep()
    delivery.refresh_from_db()

    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempts == 3
    assert delivery.next_attempt_at is None
    sweep()
    assert len(receiver.received) == 3


def test_the_backoff_grows_from_a_minute_to_twelve_hours():
    from alianza.core.webhooks.services import retry_delay

    assert [retry_delay(n) for n in range(1, 7)] == [60, 300, 1800, 7200, 43200, 43200]


def test_nothing_is_sent_when_no_endpoint_wants_the_event(receiver):
    asked = []

    def payload():
        asked.append(True)
        return PAYLOAD

    assert emit(payload=payload) == 0
    endpoint_for(receiver, events.REGISTRATION_CREATED)
    assert emit(payload=payload) == 0
    disabled = endpoint_for(receiver, events.SIGNATURE_CONFIRMED)
    disabled.active = False
    disabled.save()
    assert emit(payload=payload) == 0

    assert not asked and not WebhookDelivery.objects.exists() and not receiver.received


def test_an_event_rolled_back_with_its_transaction_is_never_sent(receiver):
    endpoint_for(receiver)
    with pytest.raises(RuntimeError), transaction.atomic():
        webhook_event_emit(event=events.SIGNATURE_CONFIRMED, payload=PAYLOAD)
        raise RuntimeError("the signature was not saved after all")
    assert not WebhookDelivery.objects.exists() and not receiver.received


def test_each_endpoint_subscribed_gets_its_own_delivery(receiver):
    first = endpoint_for(receiver)
    second = endpoint_for(receiver, events.SIGNATURE_CONFIRMED, events.PERSON_SUBSCRIBED)

    emit()

    assert {d.endpoint_id for d in WebhookDelivery.objects.all()} == {first.pk, second.pk}
    assert sorted(r.signature_valid(first.secret) for r in receiver.received) == [False, True]
    assert sorted(r.signature_valid(second.secret) for r in receiver.received) == [False, True]


def test_redirects_are_not_followed(receiver):
    endpoint_for(receiver)
    receiver.headers_out = {"Location": "http://127.0.0.1:9/elsewhere"}
    receiver.answer(302)

    emit()

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.received) == 1
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.last_status_code == 302 and delivery.last_error == "HTTP 302"


def test_only_the_start_of_a_long_response_is_kept(receiver):
    endpoint_for(receiver)
    receiver.answer(200, b"x" * 100_000)

    emit()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert len(delivery.last_response) == 2048


def test_private_addresses_are_refused_unless_allowed(receiver, settings):
    from alianza.core.webhooks.transport import UnsafeURL

    endpoint_for(receiver)  # registered while allowed, as in development
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.DEBUG = False
    for url in ("https://127.0.0.1/hooks", "https://10.1.2.3/", "https://169.254.169.254/",
                "https://[::1]/", "https://192.168.0.10/", "https://[::ffff:10.0.0.1]/",
                "https://localhost/", "http://example.org/", "ftp://example.org/",
                "https://user:pw@example.org/"):
        with pytest.raises(UnsafeURL):
            endpoint_create(url=url, description="", events=[events.SIGNATURE_CONFIRMED])

    emit()

    delivery = WebhookDelivery.objects.get()
    assert not receiver.received
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1
    assert "private network" in delivery.last_error or "https" in delivery.last_error


def test_a_disabled_endpoints_waiting_deliveries_are_not_sent(receiver):
    endpoint = endpoint_for(receiver)
    receiver.answer(500)
    emit()
    endpoint.active = False
    endpoint.save()
    time_passes(WebhookDelivery.objects.get())

    sweep()

    assert len(receiver.received) == 1


def test_old_deliveries_are_pruned_but_waiting_ones_are_kept(receiver):
    endpoint_for(receiver)
    emit()
    receiver.answer(500)
    emit()
    WebhookDelivery.objects.update(created_at=timezone.now() - timedelta(days=31))

    assert webhooks_prune() == 1
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.PENDING


def test_a_persons_download_lists_the_deliveries_naming_them_and_erasure_deletes_them(
        receiver, staff_user):
    from alianza.coalition.models import Person
    from alianza.coalition.services.privacy import person_data_export, person_erase

    endpoint_for(receiver)
    emit()
    emit(payload=events.osdi_payload("osdi:signature", None, person=events.osdi_person(
        None, name="Bo Lee", email="bo@example.org")))
    maria = Person.objects.create(name="María López", email="Maria@Example.org")

    exported = person_data_export(person=maria, actor=staff_user, reason="Her request")
    [listed] = exported["webhooks"]
    assert listed["event"] == "signature.confirmed" and listed["status"] == "delivered"

    person_erase(person=maria, actor=staff_user, reason="Her request",
                 confirmation=maria.email)

    [left] = WebhookDelivery.objects.all()
    assert "bo@example.org" in str(left.payload)


def test_an_event_nobody_wants_costs_one_query(receiver, django_assert_num_queries):
    endpoint_for(receiver, events.REGISTRATION_CREATED)
    with django_assert_num_queries(1):
        assert webhook_event_emit(event=events.SIGNATURE_CONFIRMED, payload=PAYLOAD) == 0
