"""One-click unsubscribe (RFC 8058) works end to end with no cookie and no CSRF token."""

from __future__ import annotations

import uuid
from urllib.parse import urlparse

import pytest
from django.test import Client

from alianza.coalition.models import Consent
from alianza.outreach.models import MailingEvent, Subscription
from alianza.outreach.services import sending

pytestmark = pytest.mark.django_db(transaction=True)


def one_click_url(message) -> str:
    https = message["List-Unsubscribe"].split(",")[0].strip(" <>")
    return urlparse(https).path


def test_the_one_click_post_unsubscribes_at_once_and_the_next_mailing_skips_them(
    sink, mailing, subscribers
):
    sending.mailing_start(mailing_id=mailing.pk)
    url = one_click_url(sink.to("bo@example.org")[0])
    browserless = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token

    response = browserless.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    subscription = Subscription.objects.get(person__email="bo@example.org")
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    consent = Consent.objects.filter(person__email="bo@example.org").latest("created_at")
    assert (consent.scope, consent.granted, consent.source) == ("list:updates", False,
                                                                "one-click")
    assert MailingEvent.objects.filter(kind=MailingEvent.Kind.UNSUBSCRIBE).count() == 1

    mailing.pk, mailing.uuid = None, uuid.uuid4()  # a copy gets its own public identifier
    mailing.status = "draft"
    mailing.save()
    for content in type(mailing).objects.exclude(pk=mailing.pk).get().contents.all():
        content.pk, content.mailing = None, mailing
        content.save()
    sink.messages.clear()
    sending.mailing_start(mailing_id=mailing.pk)
    assert sink.to("bo@example.org") == []
    assert len(sink.messages) == 2


def test_opening_the_link_only_shows_a_button(sink, mailing, subscribers, client):
    sending.mailing_start(mailing_id=mailing.pk)
    url = one_click_url(sink.to("ana@example.org")[0])

    response = client.get(url)

    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert Subscription.objects.get(person__email="ana@example.org").status == "confirmed"


def test_a_forged_or_damaged_token_is_refused_politely(client, db):
    response = client.post("/en/lists/unsubscribe/abc-0123456789abcdef/")
    assert response.status_code == 400
    assert b"This link does not work" in response.content
