"""Public outreach forms: thank-you pages are redirects, the answer never reveals an address's
state (only the email to it does), and repeated sign-ups for one address are throttled."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from alianza.core.models import OutboundEmail
from alianza.outreach.models import MailingList, Subscription
from alianza.outreach.services import sending
from alianza.outreach.services.subscriptions import preferences_url
from tests.outreach.conftest import subscribe

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(client, email="ana@example.org", language="es", **extra):
    data = {"name": "Ana García", "email": email, "consent": "on",
            "lists": [MailingList.objects.get(slug="updates").pk], **extra}
    return client.post(f"/{language}/lists/", data)


def test_a_sign_up_ends_on_a_page_a_refresh_cannot_resubmit(client, sink, updates):
    response = sign_up(client)

    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Revise su correo" in thanks.content.decode()
    client.get(response["Location"])  # the refresh
    assert len(sink.to("ana@example.org")) == 1


def test_the_answer_is_the_same_whatever_the_address_state(client, sink, updates):
    subscribe(updates, "subscribed@example.org", "Sub")
    subscribe(updates, "pending@example.org", "Pen", status=Subscription.Status.PENDING)
    answers = set()
    for email, extra in (("new@example.org", {}), ("subscribed@example.org", {}),
                         ("pending@example.org", {}),
                         ("bot@example.org", {"website_url": "http://spam.example"})):
        response = sign_up(client, email=email, **extra)
        page = client.get(response["Location"])
        main = page.content.split(b'<main')[1].split(b"</main>")[0]  # not the CSRF token
        answers.add((response.status_code, response["Location"], main))
        assert email.encode() not in page.content

    assert len(answers) == 1


def test_the_true_state_is_told_only_by_email(client, sink, updates):
    subscribe(updates, "subscribed@example.org", "Sub", "es")

    sign_up(client, email="subscribed@example.org")

    message = sink.to("subscribed@example.org")[0]
    assert "Ya tiene una suscripción" in str(message["Subject"])
    body = sink.body(message)
    assert "Noticias generales" in body and "/lists/preferences/" in body
    assert Subscription.objects.get().status == Subscription.Status.CONFIRMED


def test_five_sign_ups_for_one_address_send_one_email(client, sink, updates):
    for _attempt in range(5):
        sign_up(client, email="victim@example.org")

    assert len(sink.to("victim@example.org")) == 1


def test_sign_up_emails_to_one_address_are_capped_per_day(client, sink, updates, settings):
    settings.OUTREACH_SUBSCRIBE_EMAIL_INTERVAL = 0
    settings.OUTREACH_SUBSCRIBE_EMAILS_PER_DAY = 3
    for _attempt in range(6):
        sign_up(client, email="victim@example.org")
    assert len(sink.to("victim@example.org")) == 3

    # A day later the address may ask again.
    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(days=2))
    sign_up(client, email="victim@example.org")
    assert len(sink.to("victim@example.org")) == 4


def test_saving_preferences_redirects_to_the_page_in_the_chosen_language(
    client, sink, updates, subscribers
):
    path = urlparse(preferences_url(subscribers["bo"])).path

    response = client.post(path, {"lists": [updates.pk], "language": "es"})

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Sus preferencias se guardaron." in page.content.decode()


def test_stopping_all_email_from_the_preferences_page_redirects(client, sink, updates,
                                                                subscribers):
    path = urlparse(preferences_url(subscribers["bo"])).path

    response = client.post(path, {"unsubscribe_all": "1"})

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"We will not send you any more updates." in page.content


def test_the_unsubscribe_button_redirects_to_a_page_naming_the_list(
    client, sink, mailing, subscribers
):
    sending.mailing_start(mailing_id=mailing.pk)
    link = sink.to("bo@example.org")[0]["List-Unsubscribe"].split(",")[0].strip(" <>")

    response = client.post(urlparse(link).path)

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"General updates" in page.content
    assert Subscription.objects.get(person__email="bo@example.org").status == "unsubscribed"
