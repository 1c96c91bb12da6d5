"""The findings brief: drafted from the figures, edited per language, a PDF per language,
published to the library with both PDFs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alianza.core.roles import LISTENING
from alianza.library.models import Resource
from alianza.listening.models import FindingsBriefText
from alianza.listening.services.brief import brief_draft, brief_text_save
from alianza.listening.services.brief_pdf import brief_library_publish, brief_pdf_html

from .factories import needs_survey
from .findings_data import record_many, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def survey():
    survey = needs_survey()
    record_many(survey, 20, {"role": "student", "top_concerns": ["translation", "tutoring"]})
    record_many(survey, 3, {"role": "parent", "child_grade": 2, "top_concerns": ["reclass"]})
    return survey


def save_both(survey):
    for language in ("en", "es"):
        brief_text_save(survey=survey, language=language, **brief_draft(survey, language))


def test_the_draft_names_the_top_concerns_in_each_language(survey):
    english, spanish = brief_draft(survey, "en"), brief_draft(survey, "es")
    assert english["title"] == "What we heard: Family needs assessment"
    assert "23 people answered the survey." in english["summary"]
    assert "1. Translation at school meetings — 87% put it first" in english["body"]
    assert "1. Traducción en reuniones escolares" in spanish["body"]
    # Three parents: their answer is below the smallest group, so no figure is drafted.
    assert "A parent" not in english["body"]
    assert "A student: 87% of those who answered “Who are you?”." in english["body"]


def test_the_editor_saves_each_language_and_refuses_a_missing_title(survey, client,
                                                                     django_user_model):
    client.force_login(staff_member(django_user_model, "writer", groups=[LISTENING]))
    url = reverse("listening-staff-findings-brief", args=[survey.pk])
    assert "What we heard: Family needs assessment" in client.get(url).content.decode()
    data = {"en-title": "What families told us", "en-body": "Translation first.",
            "en-recommendations": "Interpreters at every meeting\n- Tutoring",
            "es-title": "", "es-body": "Primero la traducción."}
    refused = client.post(url, data)
    assert refused.status_code == 400 and not FindingsBriefText.objects.exists()
    data["es-title"] = "Lo que nos dijeron las familias"
    assert client.post(url, data).status_code == 302
    english = FindingsBriefText.objects.get(language="en")
    assert english.recommendation_list == ["Interpreters at every meeting", "Tutoring"]


def test_the_pdf_holds_the_text_and_the_charts_in_its_language(survey, client,
                                                                django_user_model):
    save_both(survey)
    html = brief_pdf_html(text=FindingsBriefText.objects.get(language="es"))
    assert 'lang="es"' in html and "<svg" in html and "Lo que escuchamos" in html
    client.force_login(staff_member(django_user_model, "pdf", groups=[LISTENING]))
    pdf = client.get(reverse("listening-staff-findings-brief-pdf", args=[survey.pk, "es"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    missing = client.get(reverse("listening-staff-findings-brief-pdf", args=[survey.pk, "fr"]))
    assert missing.status_code == 404


def test_publishing_puts_both_pdfs_in_one_library_resource_and_again_updates_it(survey):
    save_both(survey)
    resource = brief_library_publish(survey=survey)
    assert resource.is_published
    texts = {text.language: text for text in resource.texts.all()}
    assert set(texts) == {"en", "es"}
    assert texts["es"].title == "Lo que escuchamos: Evaluación de necesidades"
    with texts["en"].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert brief_library_publish(survey=survey).pk == resource.pk
    assert Resource.objects.count() == 1


def test_an_unsaved_brief_or_too_few_responses_stay_out_of_the_library(client,
                                                                        django_user_model):
    survey = needs_survey("few")
    with pytest.raises(ValidationError):
        brief_library_publish(survey=survey)
    record_many(survey, 5, {"role": "student", "top_concerns": ["tutoring"]})
    save_both(survey)
    client.force_login(staff_member(django_user_model, "pub", groups=[LISTENING]))
    page = client.post(reverse("listening-staff-findings-brief-publish", args=[survey.pk]),
                       follow=True)
    assert "Not enough responses yet" in page.content.decode()
    assert not Resource.objects.exists()


def test_publishing_needs_the_library_permission(survey, client, django_user_model):
    save_both(survey)
    client.force_login(staff_member(django_user_model, "nolib", perms=[
        "listening.view_survey", "listening.change_survey"]))
    url = reverse("listening-staff-findings-brief-publish", args=[survey.pk])
    assert client.post(url).status_code == 403
    assert not Resource.objects.exists()
