"""The webhook staff pages: who may open them, in both languages, and what their buttons do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from alianza.core.roles import COALITION_STAFF, OUTREACH
from alianza.core.webhooks import events
from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint
from alianza.core.webhooks.services import endpoint_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def coalition_staff(client, django_user_model):
    user = django_user_model.objects.create_user("rosa", "rosa@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=COALITION_STAFF))
    client.force_login(user)
    return client


def test_coalition_staff_find_webhooks_in_the_staff_menu(coalition_staff):
    page = coalition_staff.get(url("core-webhooks")).content.decode()
    assert f'href="{url("core-webhooks")}" aria-current="page"' in page
    assert "No endpoints yet." in page


def test_other_roles_are_refused_and_anonymous_visitors_sent_to_log_in(client,
                                                                      django_user_model):
    assert client.get(url("core-webhooks")).status_code == 302
    user = django_user_model.objects.create_user("ana", "ana@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=OUTREACH))
    client.force_login(user)
    assert client.get(url("core-webhooks")).status_code == 403
    assert "Webhooks" not in client.get(url("outreach-staff-mailings")).content.decode()


def test_adding_an_endpoint_shows_its_secret_and_a_test_event_reaches_the_receiver(
        coalition_staff, receiver):
    response = coalition_staff.post(url("core-webhook-new"), {
        "url": receiver.url, "description": "Our CRM",
        "events": [events.SIGNATURE_CONFIRMED, events.REGISTRATION_CREATED]})

    endpoint = WebhookEndpoint.objects.get()
    assert response["Location"] == url("core-webhook", endpoint.pk)
    assert endpoint.events == [events.SIGNATURE_CONFIRMED, events.REGISTRATION_CREATED]
    assert endpoint.created_by.username == "rosa"
    page = coalition_staff.get(response["Location"]).content.decode()
    assert endpoint.secret in page and "Our CRM" in page

    coalition_staff.post(url("core-webhook-action", endpoint.pk, "test"))

    [got] = receiver.received
    assert got.headers["Alianza-Event"] == "webhook.test"
    assert got.signature_valid(endpoint.secret)
    page = coalition_staff.get(url("core-webhook", endpoint.pk)).content.decode()
    assert "Test event" in page and "Delivered" in page and "<strong>200</strong>" in page


def test_the_pages_speak_spanish(coalition_staff, receiver):
    endpoint = endpoint_create(url=receiver.url, description="CRM",
                               events=[events.SIGNATURE_CONFIRMED])
    receiver.answer(500, b"caido")
    coalition_staff.post(url("core-webhook-action", endpoint.pk, "test", lang="es"))

    listing = coalition_staff.get(url("core-webhooks", lang="es")).content.decode()
    assert "Agregar un receptor" in listing and "Firma confirmada" in listing
    assert "1 en espera" in listing
    detail = coalition_staff.get(url("core-webhook", endpoint.pk, lang="es")).content.decode()
    assert "Clave de firma" in detail and "Evento de prueba" in detail
    assert "Pendiente" in detail and "Reintentar ahora" in detail and "caido" in detail
    form = coalition_staff.get(url("core-webhook-new", lang="es")).content.decode()
    assert "Eventos que se envían" in form and "Inscripción a un evento" in form


def test_a_private_or_plain_http_address_is_refused_with_a_clear_message(coalition_staff,
                                                                         settings):
    settings.WEBHOOKS_ALLOW_PRIVATE, settings.DEBUG = False, False
    refused = coalition_staff.post(url("core-webhook-new", lang="es"), {
        "url": "https://127.0.0.1:8000/admin/", "events": [events.SIGNATURE_CONFIRMED]})
    assert refused.status_code == 400
    assert "apunta a una red privada" in refused.content.decode()
    plain = coalition_staff.post(url("core-webhook-new"), {
        "url": "http://hooks.example.org/", "events": [events.SIGNATURE_CONFIRMED]})
    assert "must start with https://" in plain.content.decode()
    nonsense = coalition_staff.post(url("core-webhook-new"), {"url": "not a url", "events": []})
    assert nonsense.status_code == 400
    text = nonsense.content.decode()
    assert "Enter a full web address" in text and "Choose at least one event." in text
    assert not WebhookEndpoint.objects.exists()


def test_editing_changes_the_events_and_rotating_changes_the_secret(coalition_staff, receiver):
    endpoint = endpoint_create(url=receiver.url, description="CRM",
                               events=[events.SIGNATURE_CONFIRMED])
    old_secret = endpoint.secret

    coalition_staff.post(url("core-webhook-edit", endpoint.pk), {
        "url": receiver.url, "description": "Sheets", "events": [events.PERSON_SUBSCRIBED]})
    coalition_staff.post(url("core-webhook-action", endpoint.pk, "rotate"))
    coalition_staff.post(url("core-webhook-action", endpoint.pk, "test"))

    endpoint.refresh_from_db()
    assert (endpoint.description, endpoint.events) == ("Sheets", [events.PERSON_SUBSCRIBED])
    assert endpoint.secret != old_secret and endpoint.secret.startswith("whsec_")
    [got] = receiver.received
    assert got.signature_valid(endpoint.secret) and not got.signature_valid(old_secret)


def test_a_disabled_endpoint_gets_nothing_until_enabled(coalition_staff, receiver):
    endpoint = endpoint_create(url=receiver.url, description="CRM",
                               events=[events.SIGNATURE_CONFIRMED])
    coalition_staff.post(url("core-webhook-action", endpoint.pk, "disable"))
    refused = coalition_staff.post(url("core-webhook-action", endpoint.pk, "test"), follow=True)

    assert "Enable the endpoint before sending it a test event." in refused.content.decode()
    assert "Disabled" in coalition_staff.get(url("core-webhooks")).content.decode()
    assert not receiver.received
    coalition_staff.post(url("core-webhook-action", endpoint.pk, "enable"))
    coalition_staff.post(url("core-webhook-action", endpoint.pk, "test"))
    assert len(receiver.received) == 1


def test_a_failed_delivery_can_be_retried_now(coalition_staff, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    endpoint = endpoint_create(url=receiver.url, description="CRM",
                               events=[events.SIGNATURE_CONFIRMED])
    receiver.answer(500, b"nope")
    coalition_staff.post(url("core-webhook-action", endpoint.pk, "test"))
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    page = coalition_staff.get(url("core-webhook", endpoint.pk) + "?status=failed")
    assert "Retry now" in page.content.decode()

    coalition_staff.post(url("core-webhook-retry", endpoint.pk, delivery.pk))

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.attempts == 2
    again = coalition_staff.post(url("core-webhook-retry", endpoint.pk, delivery.pk),
                                 follow=True)
    assert "already been delivered" in again.content.decode()
    assert len(receiver.received) == 2


def test_an_unknown_action_or_another_endpoints_delivery_changes_nothing(coalition_staff,
                                                                        receiver):
    first = endpoint_create(url=receiver.url, description="A",
                            events=[events.SIGNATURE_CONFIRMED])
    second = endpoint_create(url=receiver.url, description="B",
                             events=[events.SIGNATURE_CONFIRMED])
    receiver.answer(500)
    coalition_staff.post(url("core-webhook-action", first.pk, "test"))
    delivery = WebhookDelivery.objects.get()

    assert coalition_staff.post(url("core-webhook-action", first.pk, "explode")).status_code == 302
    elsewhere = coalition_staff.post(url("core-webhook-retry", second.pk, delivery.pk))
    assert elsewhere.status_code == 404
    assert coalition_staff.get(url("core-webhook", 999)).status_code == 404
    assert WebhookEndpoint.objects.filter(active=True).count() == 2
