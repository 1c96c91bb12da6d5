"""The services behind the staff pages: drafts, sending at a time, lists, segments."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alianza.outreach.models import Delivery, Mailing, MailingList
from alianza.outreach.services import sending
from alianza.outreach.services.lists import mailing_list_save
from alianza.outreach.services.mailings import mailing_save, mailing_send_at, mailing_unschedule
from alianza.outreach.services.segments import segment_definition
from alianza.outreach.services.validation import content_version_problems
from tests.conftest import _free_port


@pytest.mark.django_db
def test_a_mailing_that_is_not_a_draft_cannot_be_saved_over(mailing):
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)

    with pytest.raises(ValidationError):
        mailing_save(mailing=mailing, name="x", segment=None, from_name="", reply_to="",
                     tracking=False, contents={"en": ("x", "<p>x</p>")})

    assert mailing.contents.get(language="en").subject == "March update for {{ name }}"


@pytest.mark.django_db
def test_sending_at_a_later_time_only_schedules(mailing, subscribers,
                                                django_capture_on_commit_callbacks):
    when = timezone.now() + timedelta(hours=3)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert mailing_send_at(mailing=mailing, when=when) == []

    mailing.refresh_from_db()
    assert (mailing.status, mailing.scheduled_at) == (Mailing.Status.SCHEDULED, when)
    assert callbacks == [] and not Delivery.objects.exists()
    assert mailing_send_at(mailing=mailing, when=None)  # no longer a draft
    assert mailing_unschedule(mailing=mailing)
    mailing.refresh_from_db()
    assert (mailing.status, mailing.scheduled_at) == (Mailing.Status.DRAFT, None)


@pytest.mark.django_db
def test_unscheduling_a_mailing_that_started_does_nothing(mailing):
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)

    assert mailing_unschedule(mailing=mailing) is False
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING


@pytest.mark.django_db
def test_a_list_keeps_one_text_per_language_and_drops_blank_ones(updates):
    mailing_list_save(mailing_list=updates, slug="ignored", is_public=False, workgroup=None,
                      texts={"en": ("General news", "Monthly."), "es": ("  ", "")})

    updates.refresh_from_db()
    assert (updates.slug, updates.is_public) == ("updates", False)
    assert list(updates.texts.values_list("language", "name", "description")) == [
        ("en", "General news", "Monthly.")]


@pytest.mark.django_db
def test_a_new_list_with_a_bad_slug_is_refused():
    with pytest.raises(ValidationError):
        mailing_list_save(mailing_list=None, slug="not a slug", is_public=True, workgroup=None,
                          texts={"en": ("X", "")})
    assert not MailingList.objects.exists()


def test_segment_definitions_keep_only_what_is_used_in_a_stable_order():
    assert segment_definition(lists=["b", "a", "a"], member_organizations=True,
                              languages=[]) == {"lists": ["a", "b"], "member_organizations": True}


def test_one_language_version_is_checked_as_typed():
    assert content_version_problems(language="es", subject="Hola {{ name }}",
                                    html_body="<p>ok</p>") == []
    problems = content_version_problems(language="es", subject="Hola\n{{ nombre }}",
                                        html_body="")
    assert len(problems) == 3
    assert any("line break" in p for p in problems)
    assert any("“nombre”" in p for p in problems)
    assert any("body is empty" in p for p in problems)


@pytest.mark.django_db(transaction=True)
def test_delivery_stops_instead_of_spinning_when_the_mail_server_is_down(
    mailing, subscribers, settings
):
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens
    assert sending.mailing_start(mailing_id=mailing.pk, queue_delivery=False) == []

    started = time.monotonic()
    sent = sending.mailing_deliver_all(mailing_id=mailing.pk)

    assert sent == 0 and time.monotonic() - started < 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.QUEUED}
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING  # the tick queues it again later


@pytest.mark.django_db(transaction=True)
def test_a_wrapped_line_that_starts_with_a_dot_arrives_intact(sink, mailing, subscribers):
    from alianza.outreach.models import MailingContent

    # Quoted-printable wraps after 75 characters: the second line starts with ".dot".
    MailingContent.objects.filter(mailing=mailing).update(
        html_body="<p>" + "x" * 72 + ".dot and {{ name }}</p>")

    sending.mailing_start(mailing_id=mailing.pk)

    message = sink.to("bo@example.org")[0]
    assert "x" * 72 + ".dot and Bo Chen" in message.get_body(("html",)).get_content()
    assert b"\n" not in message.raw.replace(b"\r\n", b"")  # no bare line feeds on the wire
