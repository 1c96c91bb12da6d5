"""Bad mailings are stopped before anything is sent, with a clear message on record."""

from __future__ import annotations

import pytest

from alianza.outreach.models import Delivery, Mailing, MailingContent, Segment
from alianza.outreach.services import preview, sending

pytestmark = pytest.mark.django_db(transaction=True)


def start(mailing: Mailing) -> list[str]:
    errors = sending.mailing_start(mailing_id=mailing.pk)
    mailing.refresh_from_db()
    return errors


def assert_stopped(mailing: Mailing, sink, fragment: str) -> None:
    errors = start(mailing)
    assert any(fragment in error for error in errors), errors
    assert mailing.status == Mailing.Status.DRAFT
    assert fragment in mailing.problem
    assert not Delivery.objects.exists()
    assert sink.messages == []


def test_an_unknown_merge_field_is_named(sink, mailing, subscribers):
    MailingContent.objects.filter(language="es").update(html_body="<p>Hola {{ nombre }}</p>")
    assert_stopped(mailing, sink, "unknown merge field “nombre”")


def test_template_tags_are_not_allowed_in_a_body(sink, mailing, subscribers):
    MailingContent.objects.filter(language="en").update(
        html_body="<p>{% load static %}{{ name }}</p>")
    assert_stopped(mailing, sink, "unknown merge field")


def test_a_subject_with_a_newline_is_refused(sink, mailing, subscribers):
    MailingContent.objects.filter(language="en").update(subject="Hi\r\nBcc: all@example.org")
    assert_stopped(mailing, sink, "line break")


def test_a_sender_name_with_an_address_in_it_is_refused(sink, mailing, subscribers):
    mailing.from_name = "Your Bank <security@bank.example>"
    mailing.save()
    assert_stopped(mailing, sink, "sender name")


def test_a_malformed_reply_to_is_refused(sink, mailing, subscribers):
    mailing.reply_to = "not an address"
    mailing.save()
    assert_stopped(mailing, sink, "not a valid email address")


def test_an_oversized_body_is_refused(sink, mailing, subscribers):
    MailingContent.objects.filter(language="en").update(html_body="<p>x</p>" * 40_000)
    assert_stopped(mailing, sink, "the limit is 200 KB")


def test_a_mailing_without_english_is_refused(sink, mailing, subscribers):
    MailingContent.objects.filter(language="en").delete()
    assert_stopped(mailing, sink, "English")


def test_a_segment_with_no_one_to_mail_says_why(sink, mailing, updates):
    from tests.outreach.conftest import subscribe

    subscribe(updates, "pending@example.org", "Pending", status="pending")
    assert_stopped(mailing, sink, "no one who can be mailed")
    assert "Never confirmed their address: 1" in mailing.problem


def test_a_mailing_without_a_segment_is_refused(sink, mailing, subscribers):
    mailing.segment = None
    mailing.save()
    assert_stopped(mailing, sink, "Choose who receives")
    assert Segment.objects.exists()


def test_a_test_send_to_a_malformed_address_sends_nothing(sink, mailing):
    for address in ("nobody", "a@b.org\r\nBcc: x@y.org", "Ana <ana@example.org>"):
        errors = preview.mailing_test_send(mailing=mailing, address=address, language="es")
        assert errors and ("valid email address" in errors[0] or "line break" in errors[0])
    assert sink.messages == []


def test_a_test_send_arrives_marked_as_a_test_in_the_chosen_language(sink, mailing):
    assert preview.mailing_test_send(mailing=mailing, address="staff@example.org",
                                     language="es") == []

    message = sink.to("staff@example.org")[0]
    assert message["Subject"] == "[Test] Noticias de marzo para Ana García"
    assert message["X-Alianza-Test"] == "yes"
