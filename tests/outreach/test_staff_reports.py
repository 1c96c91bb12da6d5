"""Sending from the staff pages through the real engine, and the report that follows."""

from __future__ import annotations

import csv
import html
import io
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.outreach.models import Delivery, Mailing, MailingEvent
from alianza.outreach.services.bounces import COMPLAINT, HARD, SOFT, bounce_record
from alianza.outreach.services.subscriptions import tracking_record
from tests.outreach.conftest import subscribe

pytestmark = pytest.mark.django_db(transaction=True)


def page_text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def figure(page: str, name: str) -> str:
    return page.split(f'data-figure="{name}">', 1)[1].split("<", 1)[0]


def send_now(client, mailing: Mailing, expected: int):
    return client.post(reverse("outreach-staff-mailing-send", args=[mailing.pk]),
                       {"mode": "now", "expected": str(expected), "confirm": "1"})


@pytest.fixture
def sent(staff_client, sink, mailing, subscribers, updates):
    """The March update sent from the staff page to four people; the server refuses one."""
    subscribe(updates, "nobody@example.org", "Nobody")
    sink.refuse = {"nobody@example.org": "550 5.1.1 No such user"}
    response = send_now(staff_client, mailing, 4)
    assert response.status_code == 302
    mailing.refresh_from_db()
    return mailing


def test_send_now_goes_through_the_engine_to_every_recipient(staff_client, sent, sink):
    assert sent.status == Mailing.Status.SENT
    assert {m["To"].addresses[0].addr_spec for m in sink.messages} == {
        "ana@example.org", "bo@example.org", "vi@example.org"}
    assert sink.to("ana@example.org")[0]["Subject"] == "Noticias de marzo para Ana García"
    detail = page_text(staff_client.get(reverse("outreach-staff-mailing", args=[sent.pk])))
    assert "Sending has started to 4 people." in detail


def test_the_report_counts_what_happened_after_a_real_send(staff_client, sent, sink, client):
    deliveries = {d.address: d for d in Delivery.objects.filter(mailing=sent)}
    bounce_record(kind=HARD, delivery_id=deliveries["bo@example.org"].pk, detail="5.1.1")
    bounce_record(kind=SOFT, delivery_id=deliveries["vi@example.org"].pk, detail="4.2.2 full")
    bounce_record(kind=COMPLAINT, delivery_id=deliveries["vi@example.org"].pk)
    message = sink.to("ana@example.org")[0]
    one_click = message["List-Unsubscribe"].split(",")[0].strip(" <>")
    assert client.post(urlparse(one_click).path,
                       {"List-Unsubscribe": "One-Click"}).status_code == 200

    # The one-click POST ran in Ana's language; the report is read in English.
    with translation.override("en"):
        report = reverse("outreach-staff-mailing-report", args=[sent.pk])
    page = page_text(staff_client.get(report))

    assert figure(page, "recipients") == "4"
    assert figure(page, "sent") == "3"
    assert figure(page, "delivered") == "2"
    assert figure(page, "hard") == "1"
    assert figure(page, "soft") == "1"
    assert figure(page, "failed") == "1"
    assert figure(page, "unsubscribed") == "1"
    assert figure(page, "complaints") == "1"
    assert 'data-figure="opens"' not in page
    assert "Opens and clicks are not counted: tracking is off, which is the default." in page


def test_opens_and_clicks_are_shown_only_when_tracking_is_on(staff_client, sink, mailing,
                                                            subscribers, settings):
    settings.OUTREACH_TRACKING = True
    mailing.tracking = True
    mailing.save()
    send_now(staff_client, mailing, 3)
    delivery = Delivery.objects.get(address="ana@example.org")
    tracking_record(delivery_id=delivery.pk, kind=MailingEvent.Kind.OPEN)
    tracking_record(delivery_id=delivery.pk, kind=MailingEvent.Kind.OPEN)
    tracking_record(delivery_id=delivery.pk, kind=MailingEvent.Kind.CLICK, detail="https://x")

    page = page_text(staff_client.get(reverse("outreach-staff-mailing-report",
                                              args=[mailing.pk])))

    assert figure(page, "opens") == "1" and figure(page, "clicks") == "1"
    assert "tracking is off" not in page


def test_the_recipient_table_is_searchable_and_filterable(staff_client, sent):
    url = reverse("outreach-staff-mailing-report", args=[sent.pk])

    by_name = page_text(staff_client.get(url, {"q": "garcía"}))
    failed = page_text(staff_client.get(url, {"status": "failed"}))

    rows = by_name.split("Recipients")[-1]
    assert "ana@example.org" in rows and "bo@example.org" not in rows
    assert "nobody@example.org" in failed and "550" in failed
    assert "ana@example.org" not in failed.split("Recipients")[-1]


def test_the_recipient_table_is_paginated(staff_client, sink, mailing, updates):
    for index in range(55):
        subscribe(updates, f"p{index:02d}@example.org", f"Person {index:02d}")
    send_now(staff_client, mailing, 55)
    url = reverse("outreach-staff-mailing-report", args=[mailing.pk])

    first = page_text(staff_client.get(url))
    second = page_text(staff_client.get(url, {"page": "2"}))

    assert "p00@example.org" in first and "p54@example.org" not in first
    assert "Page 2 of 2" in second and "p54@example.org" in second


def test_the_csv_export_cannot_run_formulas_in_a_spreadsheet(staff_client, sink, mailing,
                                                             updates):
    subscribe(updates, "eve@example.org", '=HYPERLINK("https://evil.example","Click")')
    subscribe(updates, "sum@example.org", "@SUM(A1:A9)")
    send_now(staff_client, mailing, 2)

    response = staff_client.get(reverse("outreach-staff-mailing-report-csv", args=[mailing.pk]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:5] == ["Address", "Name", "Organization", "Language", "Status"]
    names = {row[0]: row[1] for row in rows[1:]}
    assert names["eve@example.org"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert names["sum@example.org"] == "'@SUM(A1:A9)"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
