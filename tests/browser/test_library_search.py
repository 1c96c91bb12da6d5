"""A teacher reading the site in Spanish on a desktop searches the library without typing
the accent, narrows the results to teachers' resources, shares that search, opens a
resource and downloads its Spanish PDF."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from alianza.library import services
from alianza.library.models import Audience
from tests.browser.conftest import es
from tests.browser.test_accessibility import serious_violations
from tests.library.sample_files import media, pdf_bytes  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("media")]

FOR_TEACHERS = "Guía de educación bilingüe para docentes"
FOR_FAMILIES = "La educación de sus hijos: preguntas para la escuela"


def _publish(*, slug: str, audience: str, es_title: str, es_summary: str,
             en_title: str | None = None) -> None:
    """A resource made the way staff make one: checked PDFs, then published."""
    resource = services.resource_create(
        kind="toolkit", slug=slug, published_on=datetime.date(2025, 1, 15),
        audiences=[Audience.objects.get(slug=audience)])
    services.resource_text_save(
        resource=resource, language="es", title=es_title, summary=es_summary,
        upload=SimpleUploadedFile(f"{slug}-es.pdf", pdf_bytes(3), "application/pdf"))
    if en_title:
        services.resource_text_save(
            resource=resource, language="en", title=en_title,
            upload=SimpleUploadedFile(f"{slug}-en.pdf", pdf_bytes(2), "application/pdf"))
    services.resource_publish(resource=resource)


@pytest.fixture
def spanish_desktop_page(browser, site):
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="es-MX", accept_downloads=True,
        extra_http_headers={"Accept-Language": "es-MX,es;q=0.9"},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_teacher_finds_filters_shares_and_downloads_a_spanish_resource(
        spanish_desktop_page, site):
    call_command("library_demo", verbosity=0)  # the vocabularies and resources around ours
    _publish(slug="guia-educacion-bilingue", audience="teacher", es_title=FOR_TEACHERS,
             es_summary="Rutinas para la educación bilingüe en cada clase.",
             en_title="A guide to bilingual education for teachers")
    _publish(slug="educacion-preguntas-familias", audience="parent", es_title=FOR_FAMILIES,
             es_summary="Lo que las familias pueden preguntar sobre la educación bilingüe.")
    page = spanish_desktop_page
    with translation.override("es"):
        index = reverse("library-index")

    page.goto(site + index)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # The publication date filter speaks of a date range, not of a status.
    expect(page.get_by_label("Desde", exact=True)).to_be_attached()
    expect(page.get_by_label("Hasta", exact=True)).to_be_attached()
    page.get_by_role("searchbox", name=es("Search the library")).fill("educacion")
    page.get_by_role("button", name=es("Search"), exact=True).click()

    results = page.locator(".library-results .library-card")
    expect(results).to_have_count(2)
    for card in results.all():
        expect(card).to_contain_text("educación")
    expect(page.locator("#results-heading")).to_have_text("2 recursos")
    assert serious_violations(page) == []

    # Only what is meant for teachers, with the filter a reader sees beside the results.
    page.get_by_role("group", name=es("Audience")).get_by_role(
        "checkbox", name=re.compile(r"^Docentes")).check()
    page.get_by_role("button", name=es("Apply filters")).click()

    expect(results).to_have_count(1)
    expect(page.locator("#results-heading")).to_have_text("1 recurso")
    expect(results.get_by_role("link", name=FOR_TEACHERS)).to_be_visible()
    shared = urlsplit(page.url)
    assert shared.path == index
    assert parse_qs(shared.query)["q"] == ["educacion"]
    assert parse_qs(shared.query)["audience"] == ["teacher"]
    assert serious_violations(page) == []

    # The address alone brings back the same results: the search can be shared.
    other = page.context.new_page()
    other.goto(page.url)
    expect(other.locator(".library-results .library-card")).to_have_count(1)
    expect(other.get_by_role("checkbox", name=re.compile(r"^Docentes"))).to_be_checked()
    other.close()

    results.get_by_role("link", name=FOR_TEACHERS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FOR_TEACHERS)
    # The reader is told which language versions exist, and where the other one is.
    versions = page.locator("dl.facts dd").first
    expect(versions).to_have_text(re.compile(r"English\s+Español"))
    expect(page.get_by_text(es("Also available:"))).to_be_visible()
    expect(page.get_by_role("link", name="Read it in English")).to_have_attribute("hreflang", "en")
    assert serious_violations(page) == []

    label = es("Download the PDF %(in_language)s") % {"in_language": es("in Spanish")}
    with page.expect_download() as info:
        page.get_by_role("link", name=label).click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    assert download.suggested_filename == "guia-educacion-bilingue-es.pdf"
    with open(download.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    # The Spanish file (three pages), not the English one (two).
    assert len(pypdfium2.PdfDocument(content)) == 3
