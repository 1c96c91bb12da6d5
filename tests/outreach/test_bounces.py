"""Bounces and complaints map back to the delivery and suppress the address."""

from __future__ import annotations

import json
import mailbox

import pytest
from django.core.management import call_command

from alianza.outreach.models import Delivery, MailingEvent, Subscription, Suppression
from alianza.outreach.services import bounces, sending

pytestmark = pytest.mark.django_db(transaction=True)

DSN = """\
From: MAILER-DAEMON@mx.example.org
To: {return_path}
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Your message could not be delivered.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {address}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {status} mailbox problem

--b--
"""

ARF = """\
From: fbl@provider.example
To: {return_path}
Subject: Complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b"

--b
Content-Type: text/plain

This is an abuse report.
--b
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: test/1.0
Version: 1
Original-Rcpt-To: {address}

--b--
"""


@pytest.fixture
def sent(sink, mailing, subscribers):
    sending.mailing_start(mailing_id=mailing.pk)
    return {m["To"].addresses[0].addr_spec: m["Return-Path"].strip("<>") for m in sink.messages}


def dsn(sent, address, action="failed", status="5.1.1"):
    return DSN.format(return_path=sent[address], address=address, action=action,
                      status=status).encode()


def test_one_hard_bounce_suppresses_the_address(sent):
    outcome = bounces.bounce_process_message(dsn(sent, "bo@example.org"))

    assert outcome.kind == "hard" and outcome.suppressed
    assert Delivery.objects.get(address="bo@example.org").status == Delivery.Status.BOUNCED
    assert Suppression.objects.get().reason == Suppression.Reason.HARD_BOUNCE


def test_soft_bounces_suppress_only_after_the_limit(sent, settings):
    settings.OUTREACH_SOFT_BOUNCE_LIMIT = 3
    for expected in (False, False, True):
        outcome = bounces.bounce_process_message(
            dsn(sent, "ana@example.org", action="delayed", status="4.2.2"))
        assert outcome.kind == "soft" and outcome.suppressed is expected
    assert Suppression.objects.get().reason == Suppression.Reason.SOFT_BOUNCES


def test_a_complaint_suppresses_and_unsubscribes(sent):
    report = ARF.format(return_path=sent["vi@example.org"], address="vi@example.org")

    outcome = bounces.bounce_process_message(report.encode())

    assert outcome.kind == "complaint" and outcome.suppressed
    assert Subscription.objects.get(person__email="vi@example.org").status == "unsubscribed"


def test_a_forged_return_path_maps_to_no_delivery(sent):
    forged = dsn(sent, "bo@example.org").replace(sent["bo@example.org"].encode(),
                                                 b"bounces+1-0000000000@alianza.example.org")
    outcome = bounces.bounce_process_message(forged)
    assert outcome.delivery_id is None
    assert not MailingEvent.objects.filter(delivery__isnull=False).exists()


def test_bounces_are_read_from_an_mbox(sent, tmp_path):
    box = mailbox.mbox(tmp_path / "bounces")
    box.add(dsn(sent, "bo@example.org"))
    box.add(b"From: someone@example.org\n\nJust a reply, not a bounce.\n")
    box.flush()

    call_command("outreach_bounces", str(tmp_path / "bounces"))

    assert list(Suppression.objects.values_list("address", flat=True)) == ["bo@example.org"]
    assert len(mailbox.mbox(tmp_path / "bounces")) == 0


def test_the_webhook_needs_the_shared_secret(sent, client, settings):
    settings.OUTREACH_WEBHOOK_SECRET = "s3cret"
    event = {"events": [{"type": "hard_bounce", "return_path": sent["ana@example.org"]}]}
    url = "/en/lists/webhooks/bounces/"

    assert client.post(url, event, content_type="application/json").status_code == 403
    assert client.post(url, "{not json", content_type="application/json",
                       headers={"X-Alianza-Secret": "s3cret"}).status_code == 400
    response = client.post(url, json.dumps(event), content_type="application/json",
                           headers={"X-Alianza-Secret": "s3cret"})

    assert response.json() == {"processed": 1, "suppressed": 1}
    assert Suppression.objects.get().address == "ana@example.org"


def test_staff_lift_a_suppression_with_a_reason(staff_client, sent):
    bounces.bounce_process_message(dsn(sent, "bo@example.org"))
    suppression = Suppression.objects.get()
    url = f"/en/admin/outreach/suppression/{suppression.pk}/change/"

    response = staff_client.post(url, {"lift_reason": "Mailbox fixed, confirmed by phone"})

    assert response.status_code == 302
    suppression.refresh_from_db()
    assert suppression.lifted_at and suppression.lifted_by.username == "staff"
