"""Importing XLSForms: what is mapped, and what is refused by row, with nothing created."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.listening.models import Question, Section, Survey
from alianza.listening.services.builder_import import survey_import_xlsform
from alianza.listening.xlsform.reader import XLSFormError

from .builder_personas import member_of
from .factories import needs_survey
from .xlsforms.build import (
    GOOD_CHOICES,
    GOOD_SETTINGS,
    GOOD_SURVEY,
    good_form,
    with_row,
    workbook,
)

pytestmark = pytest.mark.django_db


def refusal(data: bytes, language: str = "en") -> str:
    with translation.override(language), pytest.raises(XLSFormError) as caught:
        survey_import_xlsform(data=data, file_name="form.xlsx")
    assert not Survey.objects.exists(), "a refused form must leave nothing behind"
    return str(caught.value)


def test_a_good_form_becomes_a_draft_with_sections_questions_and_logic():
    version = survey_import_xlsform(data=good_form(), file_name="family.xlsx")
    survey = version.survey
    assert survey.slug == "family-form"
    assert survey.languages == ["en", "es"]
    assert survey.text("es").title == "Family form"
    assert not version.is_frozen and version.source_file_name == "family.xlsx"
    assert list(version.sections.values_list("name", flat=True)) == ["about", "concerns"]
    questions = {q.name: q for q in version.questions.prefetch_related("options")}
    assert set(questions) == {"role", "grade", "top", "sat", "help", "comment", "when", "bye"}
    role = questions["role"]
    assert role.type == "single" and role.required and role.allows_other
    assert role.label == {"en": "Who are you?", "es": "¿Quién es usted?"}
    assert role.hint == {"en": "Pick one", "es": "Elija uno"}
    assert [o.value for o in role.options.all()] == ["parent", "student", "other"]
    assert role.options.get(is_other=True).label == {"en": "Other", "es": "Otro"}
    assert questions["grade"].type == "number"
    assert (questions["grade"].scale_min, questions["grade"].scale_max) == (0, 12)
    assert questions["grade"].condition == {"q": "role", "op": "eq", "v": "parent"}
    assert questions["top"].type == "ranking"
    assert (questions["sat"].type, questions["sat"].scale_min, questions["sat"].scale_max) \
        == ("rating", 1, 5)
    assert questions["help"].type == "multiple" and questions["help"].required
    assert questions["help"].condition == {"all": [
        {"q": "sat", "op": "ge", "v": 3}, {"q": "top", "op": "not_selected", "v": "b"}]}
    assert (questions["comment"].type, questions["comment"].max_length) == ("long_text", 500)
    assert questions["when"].type == "date" and questions["bye"].type == "note"
    concerns = version.sections.get(name="concerns")
    assert concerns.condition == {"q": "role", "op": "ne", "v": "student"}


def test_or_other_and_plain_label_columns_use_the_default_language():
    data = workbook(
        [["type", "name", "label", "label::Spanish", "required"],
         ["select_one yn or_other", "ok", "Is it fine?", "¿Está bien?", "TRUE"]],
        [["list_name", "name", "label", "label::Spanish"], ["yn", "yes", "Yes", "Sí"],
         ["yn", "no", "No", "No"]],
        [["form_id", "default_language"], ["plain", "English"]])
    version = survey_import_xlsform(data=data, file_name="plain.xlsx")
    question = version.questions.get()
    assert question.allows_other and question.required
    assert question.label == {"en": "Is it fine?", "es": "¿Está bien?"}
    assert version.sections.get().name == "section_1"


@pytest.mark.parametrize(("row", "expected"), [
    (["text", "x", "X", "X", None, None, None, "${role} + 1 = 2"], "Row 5"),
    (["geopoint", "where", "Where", "Dónde"], "geopoint"),
    (["calculate", "calc", None, None, None, None, None, None, None, None, None], "Row 5"),
    (["begin_repeat", "kids", "Kids", "Niños"], "repeats"),
    (["select_one nowhere", "lost", "Lost", "Perdido"], "nowhere"),
    (["text", "role", "Again", "Otra vez"], "“role” is used twice"),
    (["begin_group", "inner", "Inner", "Interior"], "group inside another group"),
    (["image", "photo", "Photo", "Foto"], "image"),
    (["text", "x", "X", "X", None, None, None, "${later} = 'a'"], "not an earlier question"),
])
def test_unsupported_or_broken_rows_are_refused_by_row_number(row, expected):
    message = refusal(with_row(row))
    assert "Row 5" in message and expected in message


def test_a_calculation_column_is_refused_naming_the_row_and_column():
    survey = [list(r) + ([None] * 10) for r in GOOD_SURVEY]
    survey[0] = survey[0][:11] + ["calculation"]
    survey[5] = survey[5][:11] + ["${grade} * 2"]
    message = refusal(workbook(survey, GOOD_CHOICES, GOOD_SETTINGS))
    assert "Row 6" in message and "calculation" in message


def test_a_choice_filter_is_refused():
    survey = [list(r) for r in GOOD_SURVEY]
    survey[0] = survey[0] + ["choice_filter"]
    survey[3] = survey[3] + [None] * (11 - len(survey[3])) + ["county=${x}"]
    assert "choice_filter" in refusal(workbook(survey, GOOD_CHOICES, GOOD_SETTINGS))


def test_a_duplicate_choice_is_refused_naming_the_choices_row():
    choices = [*GOOD_CHOICES, ["roles", "parent", "Again", "Otra"]]
    message = refusal(workbook(GOOD_SURVEY, choices, GOOD_SETTINGS))
    assert "Row 9 of the choices sheet" in message


def test_bytes_that_are_not_a_workbook_are_refused_clearly():
    assert "Excel" in refusal(b"PK\x03\x04 not really a zip")
    assert "empty" in refusal(b"")


def test_a_workbook_without_a_survey_sheet_is_refused():
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "questions"
    book.active.append(["type", "name"])
    book.create_sheet("choices")
    buffer = io.BytesIO()
    book.save(buffer)
    assert "survey" in refusal(buffer.getvalue())


def test_pyxform_problems_are_reported_too():
    # Valid for our mapping, but pyxform refuses a range whose step is zero.
    data = workbook([["type", "name", "label", "parameters"],
                     ["range", "r", "R", "start=1 end=5 step=0"]])
    message = refusal(data)
    assert "pyxform" in message and "step" in message and "row : 2" in message


def test_refusals_are_in_spanish_for_a_spanish_speaking_staff_member():
    message = refusal(with_row(["geopoint", "where", "Where", "Dónde"]), language="es")
    assert "Fila 5" in message and "geopoint" in message


def test_an_import_fills_an_empty_draft_of_an_existing_survey_but_not_a_full_one():
    from alianza.listening.services.surveys import survey_create

    empty = survey_create(slug="empty", languages=["en"])
    version = survey_import_xlsform(data=good_form(), file_name="f.xlsx", survey=empty)
    assert version.survey_id == empty.pk and version.questions.count() == 8
    assert Survey.objects.get(pk=empty.pk).languages == ["en", "es"]
    full = needs_survey()
    questions_before = Question.objects.count()
    draft_count = full.versions.count()
    with pytest.raises(XLSFormError):
        survey_import_xlsform(data=good_form(), file_name="f.xlsx", survey=full)
    assert Question.objects.count() == questions_before
    assert full.versions.count() == draft_count


def test_a_slug_already_taken_is_refused():
    survey_import_xlsform(data=good_form(), file_name="f.xlsx")
    with pytest.raises(XLSFormError, match="already exists"):
        survey_import_xlsform(data=good_form(), file_name="f.xlsx")
    assert Section.objects.count() == 2


def test_the_import_page_creates_the_survey_and_shows_refusals(django_user_model):
    client = member_of(django_user_model)
    page = client.get(reverse("listening-staff-survey-import"))
    assert page.status_code == 200 and "begin_group" in page.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(reverse("listening-staff-survey-import"), {
        "file": SimpleUploadedFile("bad.xlsx", with_row(["geopoint", "w", "W", "D"]))})
    assert bad.status_code == 400 and "Row 5" in bad.content.decode()
    good = client.post(reverse("listening-staff-survey-import"), {
        "file": SimpleUploadedFile("good.xlsx", good_form()), "slug": "from-partner"})
    survey = Survey.objects.get(slug="from-partner")
    assert good.status_code == 302 and good["Location"].endswith(f"/{survey.pk}/")


def test_the_import_page_answers_in_spanish_for_spanish_speaking_staff(django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = member_of(django_user_model)
    with translation.override("es"):
        url = reverse("listening-staff-survey-import")
    page = client.post(url, {"file": SimpleUploadedFile(
        "bad.xlsx", with_row(["begin_repeat", "kids", "Kids", "Niños"]))})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Fila 5 de la hoja survey" in text and "no se admiten repeticiones" in text
    assert not Survey.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    message = refusal(b"PK\x03\x04" + b"x" * (2 * 1024 * 1024 + 1))
    assert "2 MB" in message
