"""The paper form: a real PDF, in the language asked for, with every question, the skip
instructions in words, and the partner's code for attribution."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from alianza.listening.services.partners import partner_create

from .factories import needs_survey
from .partners_helpers import listening_client

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(content)
    pages = len(document)
    text = "\n".join(document[index].get_textpage().get_text_range() for index in range(pages))
    # Line breaks fall anywhere in a long sentence: compare with spaces only.
    return pages, " ".join(text.split())


@pytest.fixture
def partner():
    return partner_create(survey=needs_survey(), name="Familias Unidas")


def _pdf(partner, language: str, *, with_partner: bool = True) -> bytes:
    query = f"?partner={partner.pk}" if with_partner else ""
    response = listening_client().get(
        f"/en/staff/surveys/{partner.survey_id}/partners/paper-{language}.pdf{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_spanish_form_asks_every_question_in_spanish(partner):
    content = _pdf(partner, "es")
    assert content.startswith(b"%PDF")
    pages, text = _text(content)
    assert pages >= 1
    for words in ("Evaluación de necesidades", "¿Quién es usted?", "Su condado",
                  "Grado de su hijo", "Ordene sus tres principales preocupaciones",
                  "Traducción en reuniones escolares", "¿Qué tanto le escucha la escuela?",
                  "¿Algo más?"):
        assert words in text, words
    assert "Who are you?" not in text and "Rank your top three concerns" not in text


def test_the_english_form_asks_every_question_in_english(partner):
    pages, text = _text(_pdf(partner, "en"))
    assert pages >= 1
    for words in ("Family needs assessment", "Who are you?", "Your county",
                  "Your child's grade", "Rank your top three concerns",
                  "Tutoring in English", "How well does school listen to you?",
                  "Anything else?"):
        assert words in text, words
    assert "¿Quién es usted?" not in text


def test_skip_logic_and_ranking_are_said_in_words(partner):
    _pages, text = _text(_pdf(partner, "en"))
    assert "A student → skip to section 3" in text
    assert "Answer this section only if you answered “A parent” to question 1" in text
    assert "Write 1 in the box of your top choice, 2 for the next, and so on, up to 3" in text
    assert "County:" in text


def test_every_page_carries_the_partner_code_and_the_link_to_answer_online(partner):
    content = _pdf(partner, "es")
    document = pdfium.PdfDocument(content)
    for index in range(len(document)):
        assert partner.code in document[index].get_textpage().get_text_range()
    _pages, text = _text(content)
    assert f"/es/surveys/needs-2026/p/{partner.code}/" in text.replace(" ", "")
    assert "Pueden contactarme sobre esta encuesta." in text


def test_a_form_without_a_partner_links_to_the_survey_itself(partner):
    _pages, text = _text(_pdf(partner, "en", with_partner=False))
    assert partner.code not in text
    assert "/en/surveys/needs-2026/" in text.replace(" ", "")


def test_an_unknown_language_or_partner_is_not_found(partner):
    client = listening_client()
    base = f"/en/staff/surveys/{partner.survey_id}/partners/"
    assert client.get(base + "paper-fr.pdf").status_code == 404
    assert client.get(base + "paper-en.pdf?partner=9999").status_code == 404
    assert client.get(base + "paper-en.pdf?partner=abc").status_code == 404


def test_an_unpublished_survey_has_no_paper_form():
    survey = needs_survey("draft-survey", publish=False)
    response = listening_client().get(f"/en/staff/surveys/{survey.pk}/partners/paper-en.pdf")
    assert response.status_code == 404
