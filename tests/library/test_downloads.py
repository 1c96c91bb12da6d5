"""Downloads and thumbnails: streamed attachments with safe headers, public only once
published, and a thumbnail made by the real task from the PDF's first page."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.urls import reverse
from PIL import Image

from alianza.library import services
from alianza.library.models import ResourceText
from tests.library.factories import make_resource
from tests.library.sample_files import BROKEN_PDF, media, pdf_bytes, png_bytes  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def with_file(resource, data: bytes, name: str, language: str = "en",
              callbacks=None) -> ResourceText:
    upload = SimpleUploadedFile(name, data)
    if callbacks is None:
        return services.resource_text_save(resource=resource, language=language, title="T",
                                           upload=upload)
    with callbacks(execute=True):
        return services.resource_text_save(resource=resource, language=language, title="T",
                                           upload=upload)


def download_url(resource, lang: str = "en") -> str:
    return reverse("library-download", kwargs={"slug": resource.slug, "lang": lang})


def test_a_published_pdf_downloads_as_a_sandboxed_attachment_with_its_own_name(client):
    resource = make_resource(en="Funding brief")
    data = pdf_bytes(2)
    with_file(resource, data, "Informe de financiación 2024.pdf")
    response = client.get(download_url(resource))
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Informe de financiaci_n 2024.pdf\"; "
        "filename*=UTF-8''Informe%20de%20financiaci%C3%B3n%202024.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_an_image_is_downloaded_too_never_shown_inline(client):
    resource = make_resource(en="Chart")
    with_file(resource, png_bytes(), "chart.png")
    response = client.get(download_url(resource))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_unpublished_resource_cannot_be_downloaded_by_the_public(client, member_client):
    resource = make_resource(en="Draft", published=False)
    with_file(resource, pdf_bytes(), "draft.pdf")
    assert client.get(download_url(resource)).status_code == 404
    assert member_client.get(download_url(resource)).status_code == 404


def test_staff_who_may_view_resources_download_an_unpublished_one_privately(
        client, django_user_model):
    resource = make_resource(en="Draft", published=False)
    with_file(resource, pdf_bytes(), "draft.pdf")
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.org", is_staff=True)
    client.force_login(clerk)
    assert client.get(download_url(resource)).status_code == 404
    clerk.user_permissions.add(Permission.objects.get(codename="view_resource"))
    response = client.get(download_url(resource))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_missing_language_or_file_is_not_found(client):
    resource = make_resource(en="No file")
    assert client.get(download_url(resource)).status_code == 404
    assert client.get(download_url(resource, "es")).status_code == 404
    assert client.get(reverse("library-download", kwargs={"slug": "nope", "lang": "en"})
                      ).status_code == 404


def test_saving_a_pdf_queues_a_thumbnail_of_its_first_page(client,
                                                           django_capture_on_commit_callbacks):
    resource = make_resource(en="Report")
    text = with_file(resource, pdf_bytes(1, 612, 792), "report.pdf",
                     callbacks=django_capture_on_commit_callbacks)
    text.refresh_from_db()
    assert text.thumbnail
    response = client.get(reverse("library-thumbnail",
                                  kwargs={"slug": resource.slug, "lang": "en"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Disposition"].startswith("inline;")
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format == "PNG"
    assert 390 <= image.width <= 410 and image.height > image.width


def test_a_pdf_the_renderer_chokes_on_never_breaks_the_save(django_capture_on_commit_callbacks):
    from alianza.library.tasks import resource_thumbnail_make

    resource = make_resource(en="Report")
    text = with_file(resource, pdf_bytes(1), "report.pdf")
    # The stored file is damaged after the checks (a disk error, a bad copy): the task
    # gives up quietly and the text keeps its file.
    with text.file.storage.open(text.file.name, "wb") as handle:
        handle.write(BROKEN_PDF)
    resource_thumbnail_make.call(text.pk)
    text.refresh_from_db()
    assert text.file and not text.thumbnail


def test_an_image_gets_no_thumbnail_task(django_capture_on_commit_callbacks):
    resource = make_resource(en="Chart")
    with django_capture_on_commit_callbacks(execute=True):
        text = services.resource_text_save(resource=resource, language="en", title="Chart",
                                           upload=SimpleUploadedFile("c.png", png_bytes()))
    text.refresh_from_db()
    assert text.file and not text.thumbnail


def test_a_thumbnail_of_an_unpublished_resource_is_not_public(client,
                                                              django_capture_on_commit_callbacks):
    resource = make_resource(en="Draft", published=False)
    with_file(resource, pdf_bytes(1), "d.pdf", callbacks=django_capture_on_commit_callbacks)
    response = client.get(reverse("library-thumbnail",
                                  kwargs={"slug": resource.slug, "lang": "en"}))
    assert response.status_code == 404
