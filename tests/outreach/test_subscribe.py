"""Double opt-in sign-up, confirmation, expiry and the preference page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Consent, Person
from alianza.outreach.models import MailingList, Subscription
from alianza.outreach.services.automation import outreach_tick
from alianza.outreach.services.subscriptions import preferences_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def sign_up(client, language="es", **extra):
    data = {"name": "Ana García", "email": "Ana@Example.org", "consent": "on",
            "lists": [MailingList.objects.get(slug="updates").pk], **extra}
    return client.post(f"/{language}/lists/", data)


def link_in(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0).split("testserver")[-1].replace(
        "https://alianza.example.org", "")


def test_signing_up_sends_a_confirmation_in_the_subscribers_language(client, sink, updates):
    response = sign_up(client)

    assert response.status_code == 302
    message = sink.to("ana@example.org")[0]
    assert message["Content-Language"] == "es"
    assert "Noticias generales" in sink.body(message)
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    assert not Consent.objects.exists()  # consent counts only once confirmed


def test_the_confirm_link_shows_a_button_and_the_post_confirms(client, sink, updates):
    sign_up(client)
    path = link_in(sink.body(sink.to("ana@example.org")[0]))

    assert client.get(path).status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    response = client.post(path)

    assert response.status_code == 302
    assert b"Noticias generales" in client.get(response["Location"]).content
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.CONFIRMED
    consent = Consent.objects.get()
    assert (consent.kind, consent.scope, consent.granted, consent.language) == (
        "email", "list:updates", True, "es")
    assert "Yes, email me" in consent.wording or "Sí" in consent.wording


def test_unconfirmed_sign_ups_expire_and_are_never_mailed(client, sink, updates, mailing):
    sign_up(client)
    Subscription.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    outreach_tick(enqueue=False)

    assert not Subscription.objects.exists()
    path = link_in(sink.body(sink.to("ana@example.org")[0]))
    client.post(path)
    assert not Subscription.objects.exists()


def test_the_honeypot_quietly_drops_bots(client, sink, updates):
    response = sign_up(client, website_url="http://spam.example")
    assert response.status_code == 302
    assert not Subscription.objects.exists() and sink.messages == []


def test_missing_consent_and_bad_addresses_get_clear_messages(client, sink, updates):
    response = client.post("/en/lists/", {"name": "X", "email": "not-an-address",
                                          "lists": [updates.pk]})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert b"Please confirm that we may email you." in response.content
    assert not Person.objects.exists()


def test_the_preference_page_changes_lists_and_language_without_login(client, sink, updates,
                                                                        subscribers):
    alerts = MailingList.objects.create(slug="alerts")
    person = subscribers["bo"]
    path = preferences_url(person).replace("https://alianza.example.org", "")

    response = client.post(path, {"lists": [alerts.pk], "language": "es"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == "es"
    statuses = dict(Subscription.objects.filter(person=person)
                    .values_list("mailing_list__slug", "status"))
    assert statuses == {"updates": "unsubscribed", "alerts": "confirmed"}


def test_unsubscribing_from_everything_is_one_button(client, sink, subscribers):
    person = subscribers["ana"]
    path = preferences_url(person).replace("https://alianza.example.org", "")

    client.post(path, {"unsubscribe_all": "1"})

    assert not Subscription.objects.filter(person=person, status="confirmed").exists()
    assert Consent.objects.filter(person=person, scope="all", granted=False).exists()


def test_a_tampered_preference_link_is_refused(client, subscribers):
    path = preferences_url(subscribers["ana"]).replace("https://alianza.example.org", "")
    assert client.get(path[:-3] + "000/").status_code == 400
