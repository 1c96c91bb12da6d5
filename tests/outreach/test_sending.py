"""A mailing reaches each confirmed subscriber once, in their language, with the headers
mail providers require."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from urllib.parse import urlparse

import pytest

from alianza.outreach.models import Delivery, Mailing, Suppression
from alianza.outreach.services import sending
from tests.outreach.conftest import subscribe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def send(mailing: Mailing) -> list[str]:
    errors = sending.mailing_start(mailing_id=mailing.pk)
    mailing.refresh_from_db()
    return errors


def test_each_subscriber_gets_the_mailing_in_their_language_falling_back_to_english(
    sink, mailing, subscribers
):
    assert send(mailing) == []

    assert mailing.status == Mailing.Status.SENT
    ana, bo, vi = (sink.to(f"{n}@example.org") for n in ("ana", "bo", "vi"))
    assert len(ana) == len(bo) == len(vi) == 1
    assert ana[0]["Subject"] == "Noticias de marzo para Ana García"
    assert ana[0]["Content-Language"] == "es"
    assert "Hola, Ana García:" in sink.body(ana[0])
    assert bo[0]["Subject"] == "March update for Bo Chen"
    assert vi[0]["Content-Language"] == "en"


def test_messages_parse_cleanly_and_carry_the_bulk_mail_headers(sink, mailing, subscribers):
    send(mailing)

    message = sink.to("bo@example.org")[0]
    strict = BytesParser(policy=policy.default.clone(raise_on_defect=True)).parsebytes(
        message.raw)
    assert not strict.defects and all(not part.defects for part in strict.walk())
    assert message["List-Id"] == "<updates.lists.alianza.example.org>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = [v.strip(" <>") for v in message["List-Unsubscribe"].split(",")]
    assert urlparse(https).scheme == "https" and "/en/lists/unsubscribe/" in https
    assert mailto.startswith("mailto:unsubscribe@alianza.example.org?subject=")
    delivery = Delivery.objects.get(address="bo@example.org")
    assert message["Message-ID"] == delivery.message_id
    return_path = message["Return-Path"].strip("<>")
    assert return_path.startswith("bounces+") and return_path.endswith("@alianza.example.org")
    assert return_path != sink.to("ana@example.org")[0]["Return-Path"].strip("<>")


def test_the_plain_text_part_comes_from_the_html_with_the_footer(sink, mailing, subscribers,
                                                                   profile):
    send(mailing)

    message = sink.to("bo@example.org")[0]
    text = sink.body(message)
    html = message.get_body(("html",)).get_content()
    assert "Read the report (https://ex.org/r)." in text
    assert "123 Main St" in text and "123 Main St" in html
    assert "Unsubscribe: https://alianza.example.org/en/lists/unsubscribe/" in text
    assert "/en/lists/preferences/" in html


def test_suppressed_unsubscribed_and_unconfirmed_addresses_receive_nothing(
    sink, mailing, subscribers, updates
):
    Suppression.objects.create(address="bo@example.org", reason=Suppression.Reason.HARD_BOUNCE)
    subscribe(updates, "pending@example.org", "Pending", status="pending")
    subscribe(updates, "gone@example.org", "Gone", status="unsubscribed")

    send(mailing)

    received = {m["To"].addresses[0].addr_spec for m in sink.messages}
    assert received == {"ana@example.org", "vi@example.org"}
    assert mailing.excluded_counts["suppressed"] == 1
    assert mailing.excluded_counts["unconfirmed"] == 1
    assert mailing.excluded_counts["unsubscribed"] == 1


def test_a_display_name_injection_stays_inside_the_to_header(sink, mailing, updates):
    subscribe(updates, "eve@example.org", 'Eve\r\nBcc: victim@example.org "<x@evil.org>"')

    send(mailing)

    message = sink.to("eve@example.org")[0]
    assert message["Bcc"] is None
    assert message["To"].addresses[0].addr_spec == "eve@example.org"
    assert len(sink.messages) == 1


def test_temporary_smtp_errors_are_retried_and_permanent_ones_recorded(
    sink, mailing, subscribers
):
    sink.fail_next = 1
    sink.refuse = {"vi@example.org": "550 5.1.1 No such user"}

    send(mailing)

    retried = Delivery.objects.get(status=Delivery.Status.QUEUED)
    assert retried.attempts == 1 and "451" in retried.error and retried.next_attempt_at
    refused = Delivery.objects.get(address="vi@example.org")
    assert refused.status == Delivery.Status.FAILED and "550" in refused.error
    assert Suppression.objects.filter(address="vi@example.org").exists()
    assert mailing.status == Mailing.Status.SENDING

    Delivery.objects.filter(pk=retried.pk).update(next_attempt_at=None)
    sending.mailing_deliver_all(mailing_id=mailing.pk)

    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert len(sink.to(retried.address)) == 1


def test_sending_twice_does_not_mail_anyone_twice(sink, mailing, subscribers):
    send(mailing)
    assert send(mailing) == []
    sending.mailing_deliver_all()

    assert len(sink.messages) == 3
    assert Delivery.objects.count() == 3


def test_servers_without_pipelining_get_the_same_messages(sink, mailing, subscribers):
    sink.pipelining = False
    sink.refuse = {"vi@example.org": "550 5.1.1 No such user"}

    send(mailing)

    assert {m["To"].addresses[0].addr_spec for m in sink.messages} == {
        "ana@example.org", "bo@example.org"}
    assert Delivery.objects.get(address="vi@example.org").status == Delivery.Status.FAILED
