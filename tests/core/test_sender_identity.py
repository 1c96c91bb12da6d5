"""Every email comes from the coalition by name, replies reach its contact address, and only
transactional email goes out without consent."""

from __future__ import annotations

import pytest
from django.db import transaction

from alianza.coalition.models import CoalitionProfile
from alianza.core.models import OutboundEmail
from alianza.core.services import BulkEmailWithoutConsent, email_deliver_now, email_queue
from alianza.outreach.models import MailingList
from alianza.outreach.services.subscriptions import subscription_request

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

NAME = "Coalición por los Estudiantes"


@pytest.fixture
def coalition(settings):
    settings.DEFAULT_FROM_EMAIL = "Alianza <no-reply@coalicion.example.org>"
    return CoalitionProfile.objects.create(name=NAME, contact_email="hola@coalicion.example.org")


def sender_of(message) -> tuple[str, str]:
    address = message["From"].addresses[0]
    return address.display_name, address.addr_spec


def test_outbox_email_comes_from_the_coalition_with_replies_to_its_contact(
    smtp_server, coalition
):
    with transaction.atomic():
        email_queue(to="ana@example.org", template="coalition/email/confirm",
                    context={"person": {"name": "Ana"}, "confirm_url": "http://x/c/"},
                    language="es", purpose="test")

    message = smtp_server.to("ana@example.org")[0]
    assert sender_of(message) == (NAME, "no-reply@coalicion.example.org")
    assert "=?utf-8?" in message.as_string().split("\n\n")[0]  # encoded, not raw 8-bit
    assert str(message["Reply-To"]) == "hola@coalicion.example.org"


def test_without_a_contact_email_there_is_no_reply_to(smtp_server, coalition):
    coalition.contact_email = ""
    coalition.save()
    with transaction.atomic():
        email_queue(to="ana@example.org", template="coalition/email/confirm",
                    context={"person": {"name": "Ana"}, "confirm_url": "http://x/c/"},
                    language="en", purpose="test")

    message = smtp_server.to("ana@example.org")[0]
    assert sender_of(message)[0] == NAME
    assert message["Reply-To"] is None


def test_the_subscription_confirmation_comes_from_the_coalition(smtp_server, coalition):
    updates = MailingList.objects.create(slug="updates")
    subscription_request(email="bo@example.org", name="Bo", lists=[updates], language="en",
                         source="test", wording="Yes")

    assert sender_of(smtp_server.to("bo@example.org")[0]) == (
        NAME, "no-reply@coalicion.example.org")


def test_bulk_email_cannot_be_queued_without_the_consent_it_rests_on(db):
    with pytest.raises(BulkEmailWithoutConsent), transaction.atomic():
        email_queue(to="ana@example.org", template="coalition/email/confirm",
                    context={"person": {"name": "Ana"}, "confirm_url": "http://x/c/"},
                    language="en", purpose="newsletter", transactional=False)
    assert not OutboundEmail.objects.exists()


def test_a_bulk_outbox_row_without_consent_is_never_sent(smtp_server):
    outbound = OutboundEmail.objects.create(
        to="ana@example.org", language="en", purpose="newsletter", subject="News",
        body_text="Hello", kind=OutboundEmail.Kind.BULK)

    assert email_deliver_now(outbound_id=outbound.pk) is False

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.FAILED
    assert smtp_server.messages == []
