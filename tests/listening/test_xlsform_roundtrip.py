"""Exporting a version as an XLSForm: pyxform accepts it and it imports back unchanged."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alianza.listening.models import QuestionType
from alianza.listening.services.builder import question_save
from alianza.listening.services.builder_import import survey_import_xlsform
from alianza.listening.services.surveys import version_draft_for
from alianza.listening.xlsform.exporter import version_to_xlsform
from alianza.listening.xlsform.reader import pyxform_check, read_sheets

from .builder_personas import member_of
from .factories import frame_survey, needs_survey

pytestmark = pytest.mark.django_db

COMPARED = ("name", "type", "label", "hint", "required", "condition", "allows_other",
            "scale_min", "scale_max", "scale_min_label", "scale_max_label", "max_ranked",
            "is_outcome")


def shape(version) -> list:
    sections = []
    for section in version.sections.order_by("position"):
        questions = []
        for question in section.questions.order_by("position").prefetch_related("options"):
            fields = {key: getattr(question, key) for key in COMPARED}
            if question.type in {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}:
                fields["max_length"] = question.max_length
            fields["options"] = [(o.value, o.label, o.is_other)
                                 for o in question.options.order_by("position")]
            questions.append(fields)
        sections.append((section.name, section.title, section.condition,
                         section.shows_frame, questions))
    return sections


def round_trip(version, slug: str):
    data = version_to_xlsform(version)
    pyxform_check(read_sheets(data))
    return survey_import_xlsform(data=data, file_name="export.xlsx", slug=slug)


def test_a_needs_assessment_exports_and_imports_back_to_the_same_questions():
    survey = needs_survey()
    draft = version_draft_for(survey=survey)
    # Cover the types and settings the factory does not: end labels, date, note, district,
    # multiple choice with a compound condition, short text with its length.
    section = draft.sections.get(name="comments")
    question_save(section=section, name="help", type=QuestionType.MULTIPLE,
                  label={"en": "What helps?", "es": "¿Qué ayuda?"},
                  options=[("tutors", {"en": "Tutors", "es": "Tutores"}),
                           ("buses", {"en": "Buses", "es": "Autobuses"})],
                  condition={"any": [{"q": "satisfaction", "op": "le", "v": 2},
                                     {"q": "top_concerns", "op": "not_selected",
                                      "v": "tutoring"},
                                     {"not": {"q": "role", "op": "eq", "v": "student"}}]})
    question_save(section=section, name="district", type=QuestionType.DISTRICT,
                  label={"en": "District", "es": "Distrito"})
    question_save(section=section, name="since", type=QuestionType.DATE,
                  label={"en": "Since when?", "es": "¿Desde cuándo?"},
                  hint={"en": "Roughly", "es": "Más o menos"})
    question_save(section=section, name="nick", type=QuestionType.SHORT_TEXT,
                  label={"en": "Nickname", "es": "Apodo"}, max_length=40,
                  condition={"q": "comment", "op": "answered"})
    question_save(section=section, name="bye", type=QuestionType.NOTE,
                  label={"en": "Thanks", "es": "Gracias"})
    satisfaction = draft.questions.get(name="satisfaction")
    satisfaction.scale_min_label = {"en": "Not at all", "es": "Nada"}
    satisfaction.scale_max_label = {"en": "Very well", "es": "Muy bien"}
    satisfaction.save()
    imported = round_trip(draft, "needs-copy")
    for got, want in zip(shape(imported), shape(draft), strict=True):
        assert got[:4] == want[:4]
        for q_got, q_want in zip(got[4], want[4], strict=True):
            assert q_got == q_want
    assert imported.survey.languages == ["en", "es"]


def test_a_frame_test_keeps_its_outcome_questions_and_frame_section():
    survey = frame_survey()
    imported = round_trip(survey.current_version, "frames-copy")
    assert shape(imported) == shape(survey.current_version)
    assert imported.sections.get(name="message").shows_frame


def test_the_export_has_survey_choices_and_settings_sheets_with_language_columns():
    survey = needs_survey()
    book = load_workbook(io.BytesIO(version_to_xlsform(survey.current_version)))
    assert book.sheetnames == ["survey", "choices", "settings"]
    headers = [cell.value for cell in book["survey"][1]]
    assert {"label::English (en)", "label::Español (es)", "relevant"} <= set(headers)
    settings_row = [cell.value for cell in book["settings"][2]]
    assert settings_row[0] == "needs-2026" and settings_row[2] == "1"
    relevant = [row[headers.index("relevant")] for row in
                book["survey"].iter_rows(min_row=2, values_only=True)]
    assert "${role} = 'parent'" in relevant


def test_staff_download_any_version(django_user_model):
    survey = needs_survey()
    client = member_of(django_user_model)
    response = client.get(reverse("listening-staff-survey-export", args=[survey.pk, 1]))
    assert response.status_code == 200
    assert "needs-2026-v1.xlsx" in response["Content-Disposition"]
    assert response.content.startswith(b"PK")
