"""The printed agenda: a real PDF per language, made by WeasyPrint from the page's content,
rendered here by pdfium, and kept until its content changes."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageStat

from alianza.policy.services.agenda import agenda_item_status_change
from alianza.policy.services.agenda_pdf import PDF_FOLDER

from .c_agenda import STATE, add_item, import_file, ltel_rows_file, make_agenda, published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def agenda(tmp_path):
    import_file(ltel_rows_file(tmp_path / "data", year="2024-25", state_el=1048576))
    agenda = make_agenda()
    priority = add_item(agenda, title="Fund the Roadmap", es="Financiar la Hoja de Ruta",
                        body="Money meant for English learners should reach classrooms.")
    add_item(agenda, title="Publish how funds are spent", es="Publicar cómo se gastan",
             kind="recommendation", parent=priority, level="district",
             citations=[{"level": "state", "cds_code": STATE, "metric": "el_count"}])
    return published(agenda)


def pages_text(content: bytes) -> tuple[int, str, object]:
    """Number of pages, all their text, and page 2 rendered as a PNG picture."""
    document = pypdfium2.PdfDocument(content)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
            page.close()
        page = document[1]
        png = io.BytesIO()
        page.render(scale=1).to_pil().save(png, format="PNG")
        page.close()
        return len(document), "\n".join(texts), Image.open(io.BytesIO(png.getvalue()))
    finally:
        document.close()


def normalise(text: str) -> str:
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())


def test_the_english_pdf_has_the_agenda_and_its_figures(client, agenda):
    response = client.get("/en/policy/agenda/2023-24.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="2023-24-en.pdf"' in response["Content-Disposition"]
    count, text, image = pages_text(response.content)
    text = normalise(text)
    assert count >= 2  # a cover, then the priorities
    # Numbers are set in capitals.
    assert "Policy Agenda 2023-24" in text and "PRIORITY 1" in text
    assert "Fund the Roadmap" in text and "RECOMMENDATION 1" in text
    assert "1,048,576 English learners in California, 2024-25" in text
    assert "California Department of Education" in text
    # The rendered page is not blank: dark text on white paper.
    lightest, darkest = image.convert("L").getextrema()[1], image.convert("L").getextrema()[0]
    assert lightest > 240 and darkest < 80
    assert ImageStat.Stat(image.convert("L")).mean[0] < 254


def test_the_spanish_pdf_is_in_spanish(client, agenda):
    response = client.get("/es/policy/agenda/2023-24.pdf")

    text = normalise(pages_text(response.content)[1])
    assert "Agenda de políticas 2023-24" in text and "PRIORIDAD 1" in text
    assert "Financiar la Hoja de Ruta" in text and "Publicar cómo se gastan" in text
    assert "estudiantes de inglés en California, 2024-25" in text
    assert "Fund the Roadmap" not in text


def test_the_pdf_is_made_once_and_served_from_storage_until_its_content_changes(
        client, agenda, tmp_path):
    first = client.get("/en/policy/agenda/2023-24.pdf").content
    _folders, stored = default_storage.listdir(PDF_FOLDER)
    assert len(stored) == 1
    made_at = default_storage.get_modified_time(f"{PDF_FOLDER}/{stored[0]}")

    again = client.get("/en/policy/agenda/2023-24.pdf").content

    assert again == first
    assert default_storage.listdir(PDF_FOLDER)[1] == stored
    assert default_storage.get_modified_time(f"{PDF_FOLDER}/{stored[0]}") == made_at

    # A status change is new content: a new file replaces the old one.
    item = agenda.items.get(kind="recommendation")
    agenda_item_status_change(item=item, status="adopted", note="Adopted in September.")
    changed = client.get("/en/policy/agenda/2023-24.pdf").content
    now_stored = default_storage.listdir(PDF_FOLDER)[1]
    assert changed != first and len(now_stored) == 1 and now_stored != stored
    assert "Adopted" in normalise(pages_text(changed)[1])


def test_a_newer_data_file_gives_a_new_pdf_with_the_new_figure(client, agenda, tmp_path):
    client.get("/en/policy/agenda/2023-24.pdf")

    import_file(ltel_rows_file(tmp_path / "newer", year="2025-26", state_el=1000001))

    text = normalise(pages_text(client.get("/en/policy/agenda/2023-24.pdf").content)[1])
    assert "1,000,001 English learners in California, 2025-26" in text
    assert "1,048,576" not in text


def test_each_language_keeps_its_own_file(client, agenda):
    client.get("/en/policy/agenda/2023-24.pdf")
    client.get("/es/policy/agenda/2023-24.pdf")
    names = sorted(default_storage.listdir(PDF_FOLDER)[1])
    assert [name[:11] for name in names] == ["2023-24-en-", "2023-24-es-"]
