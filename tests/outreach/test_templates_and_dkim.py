"""Editable bilingual email templates, the welcome series, DKIM, admin preview and report."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.db import transaction
from django.template import TemplateSyntaxError
from django.utils import timezone

from alianza.core.services import email_queue
from alianza.outreach.models import EmailTemplate, Subscription, WelcomeStep
from alianza.outreach.services import sending
from alianza.outreach.services.automation import outreach_tick
from alianza.outreach.services.templates import template_check

pytestmark = pytest.mark.django_db(transaction=True)


def queue_confirmation(language: str) -> None:
    with transaction.atomic():
        email_queue(to="ana@example.org", template="coalition/email/confirm",
                    context={"person": {"name": "Ana"}, "confirm_url": "https://x/c/1/"},
                    language=language, purpose="test")


def test_an_edited_template_replaces_the_file_template_in_its_language_only(sink):
    EmailTemplate.objects.create(
        key="coalition/email/confirm", language="es", subject="Confirme, {{ person.name }}",
        body="Hola {{ person.name }}, abra {{ confirm_url }}")

    queue_confirmation("es")
    queue_confirmation("en")

    spanish, english = sink.messages
    assert spanish["Subject"] == "Confirme, Ana"
    assert sink.body(spanish).strip() == "Hola Ana, abra https://x/c/1/"
    assert english["Subject"] == "Please confirm your email for Alianza"


def test_the_sandbox_refuses_loading_including_and_debugging():
    for source in ("{% load static %}", "{% include 'core/base.html' %}", "{% debug %}",
                   "{% extends 'x' %}", "{% url 'core-home' %}"):
        with pytest.raises(TemplateSyntaxError):
            template_check(source)
    template_check("{% if person.name %}{{ person.name|upper }}{% endif %}")


def test_a_broken_edited_template_falls_back_to_the_file(sink):
    EmailTemplate.objects.create(key="coalition/email/confirm", language="en",
                                 subject="{% if %}", body="x")
    queue_confirmation("en")
    assert sink.messages[0]["Subject"] == "Please confirm your email for Alianza"


def test_the_welcome_series_sends_each_step_once_after_its_delay(sink, updates, subscribers):
    WelcomeStep.objects.create(mailing_list=updates, position=1, delay_hours=0,
                               template_key="welcome/1")
    WelcomeStep.objects.create(mailing_list=updates, position=2, delay_hours=48,
                               template_key="welcome/2")
    for key, word in (("welcome/1", "Welcome"), ("welcome/2", "Week two")):
        EmailTemplate.objects.create(key=key, language="en", subject=word,
                                     body=f"{word}, {{{{ person.name }}}}")
    EmailTemplate.objects.create(key="welcome/1", language="es", subject="Bienvenida",
                                 body="Hola {{ person.name }}")

    outreach_tick(enqueue=False)
    outreach_tick(enqueue=False)

    assert [m["Subject"] for m in sink.to("ana@example.org")] == ["Bienvenida"]
    assert [m["Subject"] for m in sink.to("bo@example.org")] == ["Welcome"]
    Subscription.objects.update(confirmed_at=timezone.now() - timedelta(hours=49))
    outreach_tick(enqueue=False)
    assert [m["Subject"] for m in sink.to("ana@example.org")] == ["Bienvenida", "Week two"]
    assert len(sink.messages) == 6


@pytest.fixture
def dkim_key(tmp_path, settings):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test DKIM key")
    key = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", str(key), "2048"], check=True,
                   capture_output=True)
    public = subprocess.run(["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
                            check=True, capture_output=True).stdout
    settings.OUTREACH_DKIM_KEY_FILE = str(key)
    settings.OUTREACH_DKIM_SELECTOR = "test"
    return b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def test_dkim_signatures_verify_and_cover_the_unsubscribe_headers(sink, mailing, subscribers,
                                                                   dkim_key):
    import dkim

    sending.mailing_start(mailing_id=mailing.pk)

    for message in sink.messages:
        raw = message.raw
        assert dkim.verify(raw, dnsfunc=lambda name, timeout=5: dkim_key)
        signed = re.search(rb"h=([^;]+);", raw.replace(b"\r\n ", b"")).group(1).lower()
        assert b"list-unsubscribe" in signed and b"list-unsubscribe-post" in signed
        assert b"d=alianza.example.org" in raw and b"s=test" in raw


def test_the_admin_previews_and_reports_a_mailing(staff_client, sink, mailing, subscribers):
    preview = staff_client.get(f"/en/admin/outreach/mailing/{mailing.pk}/preview/")
    assert preview.status_code == 200
    assert "Noticias de marzo para Ana García" in preview.content.decode()

    sending.mailing_start(mailing_id=mailing.pk)
    page = staff_client.get(f"/en/admin/outreach/mailing/{mailing.pk}/change/").content.decode()

    assert re.search(r"Sent \(accepted by the mail server\)</th><td>3<", page)
    assert "tracking is off (the default)" in page


def test_the_admin_test_send_form_reports_bad_addresses(staff_client, sink, mailing):
    url = f"/en/admin/outreach/mailing/{mailing.pk}/test/"
    response = staff_client.post(url, {"address": "nope", "language": "en"})
    assert "is not a valid email address" in response.content.decode()
    response = staff_client.post(url, {"address": "me@example.org", "language": "en"})
    assert response.status_code == 302 and len(sink.to("me@example.org")) == 1
