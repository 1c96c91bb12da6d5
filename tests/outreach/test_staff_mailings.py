"""Staff write, preview, test, schedule and send mailings from their own pages."""

from __future__ import annotations

import html
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from alianza.outreach.models import Delivery, Mailing, MailingContent, Segment

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """The page as a reader sees the text: entities decoded, runs of spaces collapsed."""
    return " ".join(html.unescape(response.content.decode()).split())


def composer_data(**changes) -> dict:
    data = {"name": "April update", "segment": "", "from_name": "", "reply_to": "",
            "subject_en": "April news for {{ name }}",
            "body_en": "<p>Hello {{ name }} from {{ organization }}.</p>",
            "subject_es": "Noticias de abril para {{ name }}",
            "body_es": "<p>Hola, {{ name }}.</p>"}
    data.update(changes)
    return data


def test_staff_write_a_bilingual_draft(staff_client, updates, staff_user):
    segment = Segment.objects.create(name="Updates", definition={"lists": ["updates"]})

    response = staff_client.post(reverse("outreach-staff-mailing-new"),
                                 composer_data(segment=segment.pk))

    assert response.status_code == 302
    mailing = Mailing.objects.get()
    assert (mailing.name, mailing.segment, mailing.status, mailing.created_by) == (
        "April update", segment, "draft", staff_user)
    subjects = dict(mailing.contents.values_list("language", "subject"))
    assert subjects == {"en": "April news for {{ name }}",
                        "es": "Noticias de abril para {{ name }}"}


def test_the_composer_lists_the_merge_fields_and_explains_the_fallback(staff_client):
    page = page_text(staff_client.get(reverse("outreach-staff-mailing-new")))

    assert "{{ name }}" in page and "{{ organization }}" in page
    assert "people who prefer Spanish get the English version" in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"body_es": "<p>Hola {{ nombre }}</p>"}, "body_es", "unknown merge field “nombre”"),
    ({"subject_en": "Hi {% load static %}"}, "subject_en", "unknown merge field"),
    ({"subject_en": "Hi\r\nBcc: all@example.org"}, "subject_en", "line break"),
    ({"from_name": "Bank <security@bank.example>"}, "from_name", "sender name may not"),
    ({"from_name": "Alianza\nBcc: x@y.org"}, "from_name", "line break"),
    ({"reply_to": "not an address"}, "reply_to", "not a valid email address"),
    ({"body_en": "<p>x</p>" * 40_000}, "body_en", "the limit is 200 KB"),
    ({"subject_en": "", "body_en": ""}, "subject_en", "This field is required"),
    ({"subject_es": "Solo asunto", "body_es": ""}, "body_es", "Spanish body is empty"),
])
def test_composer_errors_are_shown_without_losing_what_was_typed(
    staff_client, changes, field, message
):
    data = composer_data(**changes)

    response = staff_client.post(reverse("outreach-staff-mailing-new"), data)

    assert response.status_code == 400
    page = page_text(response)
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert "Nothing you typed has been lost" in page
    assert data["subject_es"] in page  # what was typed comes back
    assert not Mailing.objects.exists()


def test_only_a_draft_can_be_edited(staff_client, mailing):
    mailing.status = "sending"
    mailing.save()

    response = staff_client.post(reverse("outreach-staff-mailing-edit", args=[mailing.pk]),
                                 composer_data())

    assert response.status_code == 302
    assert mailing.contents.get(language="en").subject == "March update for {{ name }}"


def test_a_blank_language_is_removed_so_its_readers_get_english(staff_client, mailing):
    response = staff_client.post(
        reverse("outreach-staff-mailing-edit", args=[mailing.pk]),
        composer_data(segment=mailing.segment_id, subject_es="", body_es=""))

    assert response.status_code == 302
    assert list(mailing.contents.values_list("language", flat=True)) == ["en"]


def test_the_mailing_page_lists_every_problem_before_sending(staff_client, mailing, updates):
    from tests.outreach.conftest import subscribe

    subscribe(updates, "pending@example.org", "Pending", status="pending")

    page = page_text(staff_client.get(reverse("outreach-staff-mailing", args=[mailing.pk])))

    assert "Before this can be sent" in page
    assert "This segment has no one who can be mailed right now." in page
    assert "Never confirmed their address: 1" in page
    assert reverse("outreach-staff-mailing-send", args=[mailing.pk]) not in page


def test_sending_a_mailing_with_problems_is_refused(staff_client, mailing, sink):
    response = staff_client.post(reverse("outreach-staff-mailing-send", args=[mailing.pk]),
                                 {"mode": "now", "expected": "0", "confirm": "1"})

    assert response.status_code == 400
    assert "no one who can be mailed" in page_text(response)
    mailing.refresh_from_db()
    assert mailing.status == "draft" and not Delivery.objects.exists()


# Preview and test-send ------------------------------------------------------------------


def test_the_preview_renders_each_language_with_a_sample_reader(staff_client, mailing, profile):
    url = reverse("outreach-staff-mailing-preview", args=[mailing.pk])

    english = page_text(staff_client.get(url, {"language": "en"}))
    spanish = page_text(staff_client.get(url, {"language": "es"}))

    assert "March update for Ana García" in english
    assert "Noticias de marzo para Ana García" in spanish
    assert 'sandbox=""' in spanish and "srcdoc=" in spanish
    assert "Hola, Ana García:" in spanish
    assert "Lea el informe (https://ex.org/r)." in spanish  # the plain-text part
    assert "123 Main St" in spanish
    assert "There is no" not in spanish


def test_the_preview_says_when_a_language_falls_back_to_english(staff_client, mailing):
    MailingContent.objects.filter(mailing=mailing, language="es").delete()

    page = page_text(staff_client.get(
        reverse("outreach-staff-mailing-preview", args=[mailing.pk]), {"language": "es"}))

    assert "There is no Spanish version" in page
    assert "March update for Ana García" in page


def test_the_preview_escapes_the_body_inside_the_sandboxed_frame(staff_client, mailing):
    MailingContent.objects.filter(mailing=mailing, language="en").update(
        html_body='<p>Hi</p><script>alert(1)</script>"><img src=x onerror=alert(2)>')

    raw = staff_client.get(reverse("outreach-staff-mailing-preview",
                                   args=[mailing.pk])).content.decode()

    frame = raw.split("<iframe", 1)[1].split("</iframe>", 1)[0]
    assert 'sandbox=""' in frame
    assert "<script>" not in frame and "&lt;script&gt;" in frame


def test_a_test_send_reaches_the_mail_server_with_the_right_headers(
    staff_client, mailing, smtp_server, settings
):
    settings.SITE_URL = "https://alianza.example.org"

    response = staff_client.post(reverse("outreach-staff-mailing-test", args=[mailing.pk]),
                                 {"address": "Staff@Example.org", "language": "es"})

    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"].addresses[0].addr_spec == "staff@example.org"
    assert message["Subject"] == "[Test] Noticias de marzo para Ana García"
    assert message["X-Alianza-Test"] == "yes"
    assert message["Content-Language"] == "es"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://alianza.example.org/es/lists/unsubscribe/" in message["List-Unsubscribe"]
    assert message.get_body(("plain",)).get_content().startswith("Hola, Ana García:")
    assert "A test copy was sent to staff@example.org" in page_text(
        staff_client.get(response.url))
    assert not Delivery.objects.exists()


def test_a_test_send_to_a_bad_address_sends_nothing_and_says_why(staff_client, mailing,
                                                                  smtp_server):
    response = staff_client.post(reverse("outreach-staff-mailing-test", args=[mailing.pk]),
                                 {"address": "a@b.org\r\nBcc: x@y.org", "language": "en"})

    assert response.status_code == 400
    assert "line break" in page_text(response)
    assert smtp_server.messages == []


def test_a_test_send_when_the_mail_server_is_down_gives_a_clear_message(
    staff_client, mailing, settings
):
    from tests.conftest import _free_port

    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens

    response = staff_client.post(reverse("outreach-staff-mailing-test", args=[mailing.pk]),
                                 {"address": "staff@example.org", "language": "en"})

    assert response.status_code == 400
    assert "The mail server did not take the test message" in page_text(response)


# Scheduling -----------------------------------------------------------------------------


def local_input(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_scheduling_asks_for_confirmation_with_the_recipient_count_then_schedules(
    staff_client, mailing, subscribers, sink, settings
):
    url = reverse("outreach-staff-mailing-send", args=[mailing.pk])
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)

    first = staff_client.post(url, {"mode": "later", "send_at": local_input(when)})

    assert first.status_code == 200
    page = page_text(first)
    assert '<strong class="big-number">3</strong> people will receive “March update”.' in page
    assert f"({settings.TIME_ZONE})" in page
    mailing.refresh_from_db()
    assert mailing.status == "draft"

    second = staff_client.post(url, {"mode": "later", "send_at": local_input(when),
                                     "expected": "3", "confirm": "1"})

    assert second.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == "scheduled"
    assert mailing.scheduled_at == when
    local = mailing.scheduled_at.astimezone(ZoneInfo(settings.TIME_ZONE))
    assert local_input(when) == local.strftime("%Y-%m-%dT%H:%M")
    assert sink.messages == [] and not Delivery.objects.exists()
    detail = page_text(staff_client.get(second.url))
    assert "Sends on" in detail and settings.TIME_ZONE in detail


def test_a_time_in_the_past_is_refused(staff_client, mailing, subscribers):
    response = staff_client.post(
        reverse("outreach-staff-mailing-send", args=[mailing.pk]),
        {"mode": "later", "send_at": local_input(timezone.now() - timedelta(hours=1))})

    assert response.status_code == 400
    assert "Choose a time in the future" in page_text(response)


def test_a_changed_recipient_count_asks_again(staff_client, mailing, subscribers, sink):
    response = staff_client.post(reverse("outreach-staff-mailing-send", args=[mailing.pk]),
                                 {"mode": "now", "expected": "2", "confirm": "1"})

    assert response.status_code == 200
    assert "changed from 2 to 3" in page_text(response)
    mailing.refresh_from_db()
    assert mailing.status == "draft" and sink.messages == []


def test_cancelling_a_schedule_makes_it_a_draft_again(staff_client, mailing, subscribers):
    mailing.status, mailing.scheduled_at = "scheduled", timezone.now() + timedelta(days=1)
    mailing.save()

    response = staff_client.post(reverse("outreach-staff-mailing-cancel", args=[mailing.pk]))

    assert response.status_code == 302
    mailing.refresh_from_db()
    assert (mailing.status, mailing.scheduled_at) == ("draft", None)
    assert "The schedule was cancelled" in page_text(staff_client.get(response.url))


def test_a_mailing_that_already_started_cannot_be_cancelled_from_the_page(staff_client, mailing):
    mailing.status = "sending"
    mailing.save()

    response = staff_client.post(reverse("outreach-staff-mailing-cancel", args=[mailing.pk]))

    mailing.refresh_from_db()
    assert mailing.status == "sending"
    assert "was not scheduled any more" in page_text(staff_client.get(response.url))


def test_the_list_of_mailings_counts_each_status(staff_client, mailing):
    Mailing.objects.create(name="Old news", status="sent")
    Mailing.objects.create(name="Later", status="scheduled",
                           scheduled_at=timezone.now() + timedelta(days=1))

    page = page_text(staff_client.get(reverse("outreach-staff-mailings")))
    sent_only = page_text(staff_client.get(reverse("outreach-staff-mailings"),
                                           {"status": "sent"}))

    assert "Draft (1)" in page and "Scheduled (1)" in page and "Sent (1)" in page
    assert "Sending (0)" in page
    assert "Old news" in sent_only and "March update" not in sent_only


def test_a_schedule_that_could_not_start_is_explained_on_the_mailing_page(staff_client, mailing):
    from alianza.outreach.services.automation import outreach_tick

    mailing.status, mailing.scheduled_at = "scheduled", timezone.now() - timedelta(minutes=1)
    mailing.save()
    outreach_tick(enqueue=False)  # nobody can be mailed: the start is refused and recorded

    mailing.refresh_from_db()
    assert mailing.status == "draft"
    page = page_text(staff_client.get(reverse("outreach-staff-mailing", args=[mailing.pk])))
    assert "was scheduled but could not start" in page
    assert "This segment has no one who can be mailed right now." in page


def test_the_mailing_page_shows_each_version_and_which_language_falls_back(staff_client,
                                                                         mailing, subscribers):
    MailingContent.objects.filter(mailing=mailing, language="es").delete()

    page = page_text(staff_client.get(reverse("outreach-staff-mailing", args=[mailing.pk])))

    assert "English</dt> <dd><span lang=\"en\">March update for {{ name }}</span>" in page
    assert "Spanish</dt> <dd><span class=\"help\">Not written: these readers get the " \
           "English version." in page
    assert '<strong class="big-number">3</strong>' in page
