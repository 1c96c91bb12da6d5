"""Uploads are judged by their content: good files are stored under random names, hostile
ones are refused with a message in the staff member's language and nothing is written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from alianza.library.models import Resource, ResourceText
from alianza.library.uploads import UploadRefused, check_upload
from tests.library.sample_files import (
    BROKEN_PDF,
    WEB_PAGE,
    WINDOWS_PROGRAM,
    docx_bytes,
    media,  # noqa: F401 - fixture
    pdf_bytes,
    png_bytes,
    pptx_bytes,
    zip_bomb_docx,
    zip_bytes,
)

pytestmark = pytest.mark.usefixtures("media")


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(UploadRefused) as caught:
        check_upload(io.BytesIO(data), name=name)
    return caught.value.messages[0]


@pytest.mark.parametrize(("data", "name", "content_type"), [
    (pdf_bytes(3), "report.pdf", "application/pdf"),
    (docx_bytes(), "Toolkit.DOCX", "application/vnd.openxmlformats-officedocument."
                                   "wordprocessingml.document"),
    (pptx_bytes(), "slides.pptx", "application/vnd.openxmlformats-officedocument."
                                  "presentationml.presentation"),
    (png_bytes(), "chart.png", "image/png"),
    (png_bytes(fmt="JPEG"), "photo.jpeg", "image/jpeg"),
    (png_bytes(fmt="JPEG"), "photo.jpg", "image/jpeg"),
    (png_bytes(fmt="WEBP"), "photo.webp", "image/webp"),
])
def test_each_accepted_kind_of_file_is_recognized_by_its_content(data, name, content_type):
    checked = check_upload(io.BytesIO(data), name=name)
    assert checked.content_type == content_type
    assert checked.size == len(data)


def test_a_pdf_keeps_its_page_count():
    assert check_upload(io.BytesIO(pdf_bytes(3)), name="a.pdf").page_count == 3


def test_a_windows_program_renamed_pdf_is_refused_as_a_program():
    assert "Windows program" in refusal(WINDOWS_PROGRAM, "report.pdf")


def test_a_web_page_renamed_pdf_is_refused_as_a_web_page():
    assert "web page" in refusal(WEB_PAGE, "report.pdf")
    assert "web page" in refusal(b"\xef\xbb\xbf  <html><body>hi</body></html>", "a.pdf")


def test_a_plain_zip_named_docx_is_refused():
    message = refusal(zip_bytes({"notes.txt": "hello"}), "notes.docx")
    assert "zip archive, not a Word" in message


def test_a_zip_bomb_named_docx_is_refused_before_it_is_inflated():
    assert "zip bomb" in refusal(zip_bomb_docx(), "toolkit.docx")


def test_a_document_with_a_path_climbing_out_of_its_folder_is_refused():
    message = refusal(docx_bytes(**{"../../evil.sh": "#!/bin/sh"}), "toolkit.docx")
    assert "unsafe name" in message


def test_a_macro_enabled_document_is_refused():
    assert "macros" in refusal(docx_bytes(**{"word/vbaProject.bin": b"\0" * 10}), "a.docx")


def test_a_document_declaring_entities_is_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
            "<w:document>&lol;</w:document>")
    assert "DOCTYPE" in refusal(docx_bytes(**{"word/document.xml": bomb}), "a.docx")


def test_an_encrypted_zip_is_refused():
    data = bytearray(docx_bytes())
    # Set the "encrypted" flag of every entry, as a password-protected zip has.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 1
            start += 4
    assert "password" in refusal(bytes(data), "a.docx")


def test_the_name_must_agree_with_the_content():
    message = refusal(png_bytes(), "report.pdf")
    assert "ends in .pdf but it is a PNG image" in message
    assert ".png" in message
    assert "no extension" in refusal(pdf_bytes(), "report")


def test_an_empty_file_is_refused():
    assert refusal(b"", "empty.pdf") == "The file is empty."


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.LIBRARY_UPLOAD_MAX_BYTES = 1000
    message = refusal(pdf_bytes() + b"\0" * 2000, "big.pdf")
    assert "at most 1000" in message


def test_a_pdf_pdfium_cannot_open_is_refused():
    assert "could not be opened" in refusal(BROKEN_PDF, "broken.pdf")


def test_a_damaged_image_is_refused():
    assert "damaged" in refusal(png_bytes()[:60], "chart.png")


def test_refusals_are_in_spanish_for_a_spanish_speaker():
    with translation.override("es"):
        assert "programa de Windows" in refusal(WINDOWS_PROGRAM, "informe.pdf")
        assert refusal(b"", "vacio.pdf") == "El archivo está vacío."


# Through the staff page -------------------------------------------------------------------


def post_resource(client, *, file: SimpleUploadedFile | None = None, lang: str = "en",
                  **extra):
    with translation.override(lang):
        url = reverse("library-staff-resource-create")
    data = {"kind": "report", "slug": "ltel-report", "published_on": "2024-06-17",
            "grade_span": "", "authors": "Research team", "en-title": "Long-term English learners",
            "en-summary": "Who they are.", "en-body": "One.\n\nTwo.", "en-link_url": "",
            "es-title": "", "es-summary": "", "es-body": "", "es-link_url": "", **extra}
    if file is not None:
        data["en-file"] = file
    return client.post(url, data)


def test_staff_upload_a_pdf_and_it_is_stored_under_a_random_name(staff_client):
    upload = SimpleUploadedFile("LTEL report 2024.pdf", pdf_bytes(2), "application/x-anything")
    response = post_resource(staff_client, file=upload)
    assert response.status_code == 302
    text = ResourceText.objects.get(resource__slug="ltel-report", language="en")
    assert text.file_name == "LTEL report 2024.pdf"
    assert text.file_type == "application/pdf"
    assert text.page_count == 2
    assert text.file.name.startswith(f"library/{text.resource_id}/en/")
    assert "LTEL" not in text.file.name and text.file.name.endswith(".pdf")
    assert default_storage.exists(text.file.name)


def test_a_refused_upload_writes_nothing_and_keeps_what_was_typed(staff_client):
    upload = SimpleUploadedFile("report.pdf", WINDOWS_PROGRAM)
    response = post_resource(staff_client, file=upload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Windows program" in page
    assert "Long-term English learners" in page and "Research team" in page
    assert not Resource.objects.exists()


def test_a_refused_upload_is_explained_in_spanish_on_the_spanish_page(staff_client):
    upload = SimpleUploadedFile("informe.pdf", WEB_PAGE)
    response = post_resource(staff_client, file=upload, lang="es")
    assert response.status_code == 400
    assert "página web" in response.content.decode()


def test_replacing_a_file_keeps_the_old_one_until_the_new_one_passes(
        staff_client, django_capture_on_commit_callbacks):
    post_resource(staff_client, file=SimpleUploadedFile("v1.pdf", pdf_bytes(1)))
    text = ResourceText.objects.get(language="en")
    first = text.file.name
    url = reverse("library-staff-resource-edit", args=[text.resource_id])
    fields = {"kind": "report", "slug": "ltel-report", "published_on": "2024-06-17",
              "en-title": "Long-term English learners", "es-title": ""}
    bad = staff_client.post(url, {**fields, "en-file": SimpleUploadedFile("v2.pdf", BROKEN_PDF)})
    assert bad.status_code == 400
    text.refresh_from_db()
    assert text.file.name == first and default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        good = staff_client.post(url, {**fields,
                                       "en-file": SimpleUploadedFile("v2.pdf", pdf_bytes(4))})
    assert good.status_code == 302
    text.refresh_from_db()
    assert text.file.name != first and text.page_count == 4 and text.file_name == "v2.pdf"
    assert default_storage.exists(text.file.name)
    assert not default_storage.exists(first)


def test_a_zip_bomb_through_the_staff_page_is_refused(staff_client):
    upload = SimpleUploadedFile("toolkit.docx", zip_bomb_docx())
    response = post_resource(staff_client, file=upload)
    assert response.status_code == 400
    assert "zip bomb" in response.content.decode()
    assert not Resource.objects.exists()


def test_an_oversized_upload_through_the_staff_page_is_refused(staff_client, settings):
    settings.LIBRARY_UPLOAD_MAX_BYTES = 2048
    upload = SimpleUploadedFile("big.pdf", pdf_bytes() + b"\0" * 4096)
    response = post_resource(staff_client, file=upload)
    assert response.status_code == 400 and "at most 2.0" in response.content.decode()


def test_an_empty_upload_through_the_staff_page_is_refused(staff_client):
    response = post_resource(staff_client, file=SimpleUploadedFile("empty.pdf", b""))
    assert response.status_code == 400
    assert "empty" in response.content.decode()
    assert not Resource.objects.exists()


def test_the_media_folder_is_never_served_by_the_app(staff_client, client):
    post_resource(staff_client, file=SimpleUploadedFile("r.pdf", pdf_bytes()))
    name = ResourceText.objects.get().file.name
    for path in (f"/media/{name}", f"/{name}", f"/en/media/{name}"):
        assert client.get(path).status_code == 404


def test_zip_checks_see_the_zip_not_the_name():
    # A .pptx that is really a .docx is refused for its name, not accepted as either.
    message = refusal(docx_bytes(), "slides.pptx")
    assert "Word document" in message
    assert zipfile.is_zipfile(io.BytesIO(docx_bytes()))
