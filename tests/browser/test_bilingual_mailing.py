"""In Chromium: staff write a mailing in English and Spanish with a picture and a button,
send it through the real pages, and each reader gets their own language over SMTP."""

from __future__ import annotations

import io
import re
import time
import urllib.request

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from alianza.outreach.models import Mailing, MailingImage, Segment
from tests.browser.test_outreach_staff_pages import log_in
from tests.outreach.conftest import (  # noqa: F401 - fixtures shared with the outreach tests
    profile,
    sink,
    subscribe,
    updates,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(condition, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_staff_write_and_send_a_bilingual_mailing_with_a_picture_and_a_button(
    desktop_page, site, staff_user, sink, profile, updates, settings, tmp_path  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = site  # the sink fixture points links elsewhere; pictures load from here
    subscribe(updates, "bo@example.org", "Bo Chen", "en")
    subscribe(updates, "ana@example.org", "Ana García", "es")
    Segment.objects.create(name="Updates", definition={"lists": ["updates"]})
    picture = tmp_path / "capitol.png"
    Image.new("RGB", (120, 60), "#1f5f8b").save(picture, "PNG")
    page = desktop_page
    log_in(page, site, staff_user, reverse("outreach-staff-mailing-new"))

    page.get_by_label("Internal name").fill("May update")
    page.get_by_label("Who receives it (segment)").select_option(label="Updates")
    page.locator("#id_image").set_input_files(str(picture))
    page.get_by_label("What the picture shows").fill("Families at the Capitol")
    page.get_by_role("button", name="Upload the picture").click()
    snippet = page.locator("#image-uploaded code")
    expect(snippet).to_contain_text("![Families at the Capitol](")
    image_line = snippet.inner_text()
    image = MailingImage.objects.get()

    page.get_by_label("Subject (English)").fill("May news for {{ name }}")
    page.get_by_label("Body (English)").fill(
        f"# May update\n\nHello {{{{ name }}}}, we met legislators.\n\n{image_line}\n\n"
        "[[Sign the letter](https://example.org/sign)]\n")
    page.get_by_label("Subject (Spanish)").fill("Noticias de mayo para {{ name }}")
    page.get_by_label("Body (Spanish)").fill(
        f"# Noticias de mayo\n\nHola, {{{{ name }}}}: nos reunimos con legisladores.\n\n"
        f"{image_line}\n\n[[Firme la carta](https://example.org/es/firmar)]\n")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", name="May update", level=1)).to_be_visible()

    page.get_by_role("link", name="Preview").click()
    phone = page.frame_locator("iframe.email-preview.phone")
    expect(phone.get_by_role("link", name="Sign the letter")).to_be_visible()
    page.go_back()

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Confirm sending")).to_be_visible()
    page.get_by_role("button", name="Send to 2 people now").click()
    expect(page.locator("#mailing-progress")).to_be_visible()
    wait_for(lambda: len(sink.messages) == 2)
    expect(page.locator('#mailing-progress [data-figure="sent"]')).to_have_text("2")
    assert Mailing.objects.get().status == Mailing.Status.SENT

    image_url = site + reverse("outreach-image", args=[image.name])
    (bo,) = sink.to("bo@example.org")
    (ana,) = sink.to("ana@example.org")
    for message, language, subject, button, words in (
        (bo, "en", "May news for Bo Chen", "https://example.org/sign", "Hello Bo Chen"),
        (ana, "es", "Noticias de mayo para Ana García", "https://example.org/es/firmar",
         "Hola, Ana García: nos reunimos"),
    ):
        markup = message.get_body(("html",)).get_content()
        assert message["Content-Language"] == language
        assert message["Subject"] == subject
        assert f'lang="{language}"' in markup
        assert words in markup
        assert f'src="{image_url}"' in markup, re.findall(r"<img[^>]*>", markup)
        assert re.search(rf'<a href="{re.escape(button)}"[^>]*>', markup)
        assert button in message.get_body(("plain",)).get_content()
    assert "Sign the letter" not in ana.get_body(("html",)).get_content()
    with urllib.request.urlopen(image_url) as response:  # noqa: S310 - the live test server
        assert response.headers["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(response.read())).size == (120, 60)
