"""Staff write mailings in Markdown; each recipient gets a branded, sanitised email in their
language, with a plain-text part written from the same text."""

from __future__ import annotations

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from alianza.coalition.models import CoalitionProfile
from alianza.outreach.models import Mailing, MailingContent, MailingImage
from alianza.outreach.services import sending

pytestmark = pytest.mark.django_db

BODY_EN = """# March update

Hello {{ name }}, read [the report](https://example.org/report).

![Families at the Capitol](https://cdn.example.org/capitol.jpg)

[[Sign the letter](https://example.org/sign)]

Thanks! <script>alert(1)</script><img src="https://x.example.org/a.png" onerror="alert(2)">
"""

BODY_ES = """# Noticias de marzo

Hola, {{ name }}: lea [el informe](https://example.org/es/informe).

[[Firme la carta](https://example.org/es/firmar)]
"""


@pytest.fixture
def markdown_mailing(mailing) -> Mailing:
    MailingContent.objects.filter(mailing=mailing, language="en").update(
        subject="March for {{ name }}", html_body="", body_markdown=BODY_EN)
    MailingContent.objects.filter(mailing=mailing, language="es").update(
        subject="Marzo para {{ name }}", html_body="", body_markdown=BODY_ES)
    CoalitionProfile.objects.update(brand_color="#7a1f5c")
    return mailing


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def send_all(mailing: Mailing) -> None:
    assert sending.mailing_start(mailing_id=mailing.pk, queue_delivery=False) == []
    sending.mailing_deliver_all(mailing_id=mailing.pk)


def html_part(message) -> str:
    return message.get_body(("html",)).get_content()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#7a1f5c").save(buffer, "PNG")
    return buffer.getvalue()


def page_text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


# Rendering ------------------------------------------------------------------------------


def test_each_recipient_gets_headings_links_image_and_button_in_their_language(
    sink, markdown_mailing, subscribers
):
    send_all(markdown_mailing)

    (bo,) = sink.to("bo@example.org")
    page = html_part(bo)
    assert bo["Subject"] == "March for Bo Chen"
    assert '<h1 style="' in page and "March update</h1>" in page
    assert "Hello Bo Chen, read" in page
    assert 'href="https://example.org/report"' in page
    assert 'src="https://cdn.example.org/capitol.jpg"' in page
    assert 'alt="Families at the Capitol"' in page
    assert 'href="https://example.org/sign"' in page and "Sign the letter</a>" in page
    # The brand colour is on the button, and styles are inline for mail apps.
    assert "background:#7a1f5c" in page.replace(" ", "")
    assert 'lang="en"' in page
    (ana,) = sink.to("ana@example.org")
    assert ana["Subject"] == "Marzo para Ana García"
    assert "Hola, Ana García: lea" in html_part(ana)
    assert 'href="https://example.org/es/firmar"' in html_part(ana)
    assert "Sign the letter" not in html_part(ana)


def test_the_plain_text_part_spells_out_links_and_buttons(sink, markdown_mailing, subscribers):
    send_all(markdown_mailing)

    text = sink.body(sink.to("bo@example.org")[0])
    assert "March update" in text
    assert "Hello Bo Chen, read the report (https://example.org/report)." in text
    assert "Sign the letter: https://example.org/sign" in text
    assert "Families at the Capitol" in text
    assert "{{" not in text and "%(" not in text
    assert "Unsubscribe: https://alianza.example.org/" in text


def test_sanitising_drops_scripts_and_event_handlers(sink, markdown_mailing, subscribers):
    send_all(markdown_mailing)

    page = html_part(sink.to("bo@example.org")[0])
    assert "<script" not in page and "alert(" not in page and "onerror" not in page
    assert "Thanks!" in page


def test_a_name_with_markup_is_shown_as_text(sink, markdown_mailing, updates):
    from tests.outreach.conftest import subscribe

    subscribe(updates, "mal@example.org", "<b>Mal</b> & co", "en")
    send_all(markdown_mailing)

    page = html_part(sink.to("mal@example.org")[0])
    assert "&lt;b&gt;Mal&lt;/b&gt; &amp; co" in page


def test_a_mailing_written_in_html_before_markdown_is_still_sent_as_written(
    sink, mailing, subscribers
):
    send_all(mailing)

    page = html_part(sink.to("bo@example.org")[0])
    assert '<p>Hello Bo Chen,</p><p>Read <a href="https://ex.org/r">the report</a>.</p>' in page


def test_editing_an_html_mailing_keeps_its_text_and_moves_it_to_markdown(
    staff_client, mailing
):
    url = reverse("outreach-staff-mailing-edit", args=[mailing.pk])
    page = page_text(staff_client.get(url))
    assert '<p>Hello {{ name }},</p>' in page

    response = staff_client.post(url, {
        "name": mailing.name, "segment": mailing.segment_id, "from_name": "", "reply_to": "",
        "subject_en": "Hi", "body_en": "Hello **{{ name }}**",
        "subject_es": "Hola", "body_es": "Hola **{{ name }}**"})

    assert response.status_code == 302
    content = mailing.contents.get(language="en")
    assert (content.body_markdown, content.html_body) == ("Hello **{{ name }}**", "")


# Mistakes are explained and nothing typed is lost ------------------------------------


@pytest.mark.parametrize(("body", "message"), [
    ("Hello {{ first_name", "merge field that is not closed: “{{ first_name"),
    ("Hello {{ shoe_size }}", "unknown merge field “shoe_size”"),
    ("![A photo](http://example.org/a.jpg)", "cannot be shown in email"),
    ("![A photo](photo.jpg)", "cannot be shown in email"),
    ("[[Sign](example.org/sign)]", "needs a link that starts with https://"),
])
def test_a_mistake_in_the_body_is_explained_and_the_text_stays(staff_client, body, message):
    response = staff_client.post(reverse("outreach-staff-mailing-new"), {
        "name": "April", "segment": "", "from_name": "", "reply_to": "",
        "subject_en": "Hi", "body_en": body, "subject_es": "", "body_es": ""})

    assert response.status_code == 400
    page = page_text(response)
    assert message in page
    assert body in page
    assert not Mailing.objects.exists()


def test_the_mistake_is_explained_in_spanish_to_spanish_staff(staff_client):
    response = staff_client.post(reverse("outreach-staff-mailing-new").replace("/en/", "/es/"), {
        "name": "Abril", "segment": "", "from_name": "", "reply_to": "",
        "subject_en": "Hi", "body_en": "Hola {{ talla }}", "subject_es": "", "body_es": ""})

    assert response.status_code == 400
    assert "campo de combinación desconocido" in page_text(response)


# Pictures -------------------------------------------------------------------------------


def test_an_uploaded_picture_is_stored_and_served_to_any_mail_app(staff_client, media, settings):
    settings.SITE_URL = "https://alianza.example.org"
    upload = SimpleUploadedFile("capitol.png", png_bytes(), content_type="image/png")

    response = staff_client.post(reverse("outreach-staff-image-upload"),
                                 {"image": upload, "alt": "Families at the Capitol"},
                                 headers={"HX-Request": "true"})

    assert response.status_code == 200
    image = MailingImage.objects.get()
    assert (image.width, image.height, image.content_type) == (40, 20, "image/png")
    address = "https://alianza.example.org" + reverse("outreach-image", args=[image.name])
    line = f"![Families at the Capitol]({address})"
    assert line in page_text(response)
    staff_client.logout()
    served = staff_client.get(reverse("outreach-image", args=[image.name]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == png_bytes()


def test_a_file_that_is_not_a_picture_is_refused_with_a_clear_message(staff_client, media):
    upload = SimpleUploadedFile("photo.png", b"%PDF-1.4 not really", content_type="image/png")

    response = staff_client.post(reverse("outreach-staff-image-upload"),
                                 {"image": upload, "alt": "A photo"},
                                 headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert "not an image that can be used" in page_text(response)
    assert not MailingImage.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_mailing_may_show_an_uploaded_picture(staff_client, media, settings, mailing):
    settings.SITE_URL = "https://alianza.example.org"
    staff_client.post(reverse("outreach-staff-image-upload"),
                      {"image": SimpleUploadedFile("a.png", png_bytes()), "alt": "A"})
    image = MailingImage.objects.get()

    response = staff_client.post(reverse("outreach-staff-mailing-edit", args=[mailing.pk]), {
        "name": "April", "segment": "", "from_name": "", "reply_to": "",
        "subject_en": "Hi", "body_en": f"![A](/es/lists/images/{image.name})",
        "subject_es": "", "body_es": ""})

    assert response.status_code == 302
    preview = staff_client.get(reverse("outreach-staff-mailing-preview-email",
                                       args=[mailing.pk]))
    assert f'src="https://alianza.example.org/es/lists/images/{image.name}"' in preview.text


# Preview, sending and progress ----------------------------------------------------------


def test_the_preview_shows_the_email_at_phone_and_computer_widths(
    staff_client, markdown_mailing
):
    for language, words in (("en", "Hello Ana García, read"), ("es", "Hola, Ana García: lea")):
        response = staff_client.get(reverse("outreach-staff-mailing-preview",
                                            args=[markdown_mailing.pk]), {"language": language})
        page = response.content.decode()
        assert 'class="email-preview phone"' in page and 'class="email-preview desktop"' in page
        assert words in html.unescape(page)
        alone = staff_client.get(reverse("outreach-staff-mailing-preview-email",
                                         args=[markdown_mailing.pk]), {"language": language})
        assert alone.status_code == 200 and words in alone.text
        assert "'unsafe-inline'" in alone["Content-Security-Policy"]


def test_a_get_on_the_send_address_explains_and_links_to_the_confirmation(
    staff_client, markdown_mailing, subscribers
):
    response = staff_client.get(reverse("outreach-staff-mailing-send",
                                        args=[markdown_mailing.pk]))

    assert response.status_code == 200
    assert "Opening it, as you just did, sends nothing." in page_text(response)
    assert reverse("outreach-staff-mailing-confirm", args=[markdown_mailing.pk]) in page_text(
        response)
    markdown_mailing.refresh_from_db()
    assert markdown_mailing.status == Mailing.Status.DRAFT


def test_the_confirmation_page_counts_the_people_and_its_button_posts_to_send(
    staff_client, markdown_mailing, subscribers
):
    response = staff_client.get(reverse("outreach-staff-mailing-confirm",
                                        args=[markdown_mailing.pk]), {"mode": "now"})

    page = page_text(response)
    assert response.status_code == 200
    assert '<strong class="big-number">3</strong> people will receive “March update”.' in page
    send_url = reverse("outreach-staff-mailing-send", args=[markdown_mailing.pk])
    assert f'method="post" action="{send_url}"' in page
    markdown_mailing.refresh_from_db()
    assert markdown_mailing.status == Mailing.Status.DRAFT


def test_the_progress_figures_count_sent_remaining_and_failed(
    staff_client, sink, markdown_mailing, subscribers
):
    sink.refuse = {"vi@example.org": "550 5.1.1 No such user"}
    assert sending.mailing_start(mailing_id=markdown_mailing.pk, queue_delivery=False) == []
    url = reverse("outreach-staff-mailing-progress", args=[markdown_mailing.pk])

    before = staff_client.get(url)
    assert 'data-figure="remaining">3<' in before.text
    assert 'hx-trigger="every 2s"' in before.text  # still sending: the page keeps asking

    sending.mailing_deliver_all(mailing_id=markdown_mailing.pk)
    after = staff_client.get(url)
    assert 'data-figure="sent">2<' in after.text
    assert 'data-figure="remaining">0<' in after.text
    assert 'data-figure="failed">1<' in after.text
    assert "hx-trigger" not in after.text  # finished: polling stops
    assert ">Sent</span>" in after.text


# The coalition's brand ------------------------------------------------------------------


def test_the_coalition_logo_heads_the_email_and_is_served_to_mail_apps(
    client, staff_client, media, settings, markdown_mailing
):
    settings.SITE_URL = "https://alianza.example.org"
    profile = CoalitionProfile.objects.get()
    profile.logo.save("logo.png", SimpleUploadedFile("logo.png", png_bytes()))

    email = staff_client.get(reverse("outreach-staff-mailing-preview-email",
                                     args=[markdown_mailing.pk])).text

    logo_url = "https://alianza.example.org" + reverse("coalition-logo")
    assert f'src="{logo_url}"' in email and 'alt="Alianza"' in email
    served = client.get(reverse("coalition-logo"))
    assert served["Content-Type"] == "image/png"
    assert served["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_a_logo_that_is_not_a_picture_is_refused_in_the_profile_form(db):
    from alianza.coalition.admin import CoalitionProfileForm

    form = CoalitionProfileForm(
        data={"name": "Alianza", "brand_color": "#1f5f8b"},
        files={"logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>")})

    assert not form.is_valid()
    assert "not an image that can be used" in form.errors["logo"][0]
    bad_colour = CoalitionProfileForm(data={"name": "Alianza", "brand_color": "blue"})
    assert "#RRGGBB" in bad_colour.errors["brand_color"][0]
