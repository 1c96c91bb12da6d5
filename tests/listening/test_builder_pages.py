"""The survey builder's pages, used as staff use them: create, edit, publish, preview."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.core.roles import DATA_ANALYST, OUTREACH
from alianza.listening.models import Question, Survey

from .builder_personas import member_of
from .factories import needs_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return member_of(django_user_model)


def new_survey(staff, slug: str = "family") -> Survey:
    response = staff.post(reverse("listening-staff-survey-new"), {
        "slug": slug, "kind": "needs", "languages": ["en", "es"],
        "title_en": "Family survey", "title_es": "Encuesta familiar",
        "intro_en": "Hello", "intro_es": "Hola", "thanks_en": "", "thanks_es": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Survey.objects.get(slug=slug)


def add_section(staff, survey: Survey, name: str = "about", **extra) -> None:
    response = staff.post(reverse("listening-staff-section-new", args=[survey.pk]), {
        "name": name, "title_en": name.title(), "title_es": f"{name.title()} (es)", **extra})
    assert response.status_code == 302, response.content.decode()[:3000]


def question_data(name: str, **extra) -> dict:
    data = {"name": name, "type": "single", "label_en": f"{name}?", "label_es": f"¿{name}?",
            "options": "parent | A parent | Madre o padre\nstudent | A student | Estudiante",
            "max_length": 2000}
    data.update(extra)
    return data


def add_question(staff, survey: Survey, section_name: str = "about", **data):
    section = survey.versions.order_by("-number").first().sections.get(name=section_name)
    return staff.post(reverse("listening-staff-question-new", args=[survey.pk, section.pk]),
                      data)


def test_the_list_shows_each_survey_with_its_status_and_submitted_count(staff):
    survey = needs_survey()
    from alianza.listening.services.responses import response_record

    response_record(version=survey.current_version, language="en",
                    answers={"role": "student", "top_concerns": ["tutoring"]})
    page = staff.get(reverse("listening-staff-surveys")).content.decode()
    assert "Family needs assessment" in page and "Open" in page
    assert "<td>1</td>" in page
    with translation.override("es"):
        spanish = staff.get(reverse("listening-staff-surveys")).content.decode()
    assert "Evaluación de necesidades" in spanish and "Abierta" in spanish


def test_staff_create_a_survey_with_texts_per_language(staff):
    survey = new_survey(staff)
    assert survey.languages == ["en", "es"] and survey.status == "draft"
    assert survey.text("es").title == "Encuesta familiar"
    again = staff.post(reverse("listening-staff-survey-new"), {
        "slug": "family", "kind": "needs", "languages": ["en"], "title_en": "X"})
    assert again.status_code == 400 and "already uses" in again.content.decode()


def test_a_title_is_required_in_each_language_of_the_survey(staff):
    response = staff.post(reverse("listening-staff-survey-new"), {
        "slug": "half", "kind": "needs", "languages": ["en", "es"], "title_en": "Only"})
    assert response.status_code == 400 and not Survey.objects.filter(slug="half").exists()


def test_sections_and_questions_are_added_with_choices_other_and_skip_logic(staff):
    survey = new_survey(staff)
    add_section(staff, survey)
    assert add_question(staff, survey, **question_data("role", required="on",
                                                       allows_other="on")).status_code == 302
    response = add_question(staff, survey, **question_data(
        "grade", type="number", options="", scale_min=0, scale_max=12,
        cond_1_q="role", cond_1_op="eq", cond_1_v="parent"))
    assert response.status_code == 302, response.content.decode()[:3000]
    version = survey.versions.get()
    role = version.questions.get(name="role")
    assert role.required and role.allows_other
    assert [o.value for o in role.options.all()] == ["parent", "student", "other"]
    assert role.options.get(value="student").label == {"en": "A student", "es": "Estudiante"}
    grade = version.questions.get(name="grade")
    assert grade.condition == {"q": "role", "op": "eq", "v": "parent"}
    assert (grade.scale_min, grade.scale_max) == (0, 12)
    page = staff.get(reverse("listening-staff-survey", args=[survey.pk])).content.decode()
    assert "Shown only if role is parent" in page


def test_skip_logic_with_several_conditions_joined_by_any(staff):
    survey = new_survey(staff)
    add_section(staff, survey)
    add_question(staff, survey, **question_data("role"))
    add_question(staff, survey, **question_data("kids", type="number", options=""))
    response = add_question(staff, survey, **question_data(
        "help", type="multiple", cond_join="any", cond_1_q="role", cond_1_op="ne",
        cond_1_v="student", cond_2_q="kids", cond_2_op="gt", cond_2_v="2"))
    assert response.status_code == 302
    assert survey.versions.get().questions.get(name="help").condition == {"any": [
        {"q": "role", "op": "ne", "v": "student"}, {"q": "kids", "op": "gt", "v": 2}]}


def test_a_condition_on_a_later_question_or_without_value_is_refused(staff):
    survey = new_survey(staff)
    add_section(staff, survey)
    add_question(staff, survey, **question_data("role"))
    no_value = add_question(staff, survey, **question_data(
        "b", cond_1_q="role", cond_1_op="eq", cond_1_v=""))
    assert no_value.status_code == 400 and "value to compare" in no_value.content.decode()
    role = Question.objects.get(name="role")
    own = staff.post(reverse("listening-staff-question-edit", args=[survey.pk, role.pk]),
                     question_data("role", cond_1_q="role", cond_1_op="answered"))
    assert own.status_code == 400  # "role" is not offered: it is not an earlier question
    assert Question.objects.get(name="role").condition is None


def test_moving_a_question_above_the_one_its_condition_uses_is_refused(staff):
    survey = new_survey(staff)
    add_section(staff, survey)
    add_question(staff, survey, **question_data("role"))
    add_question(staff, survey, **question_data("b", cond_1_q="role", cond_1_op="answered"))
    b = Question.objects.get(name="b")
    staff.post(reverse("listening-staff-question-move", args=[survey.pk, b.pk]),
               {"direction": "up"})
    assert list(survey.versions.get().questions.order_by("position")
                .values_list("name", flat=True)) == ["role", "b"]
    add_question(staff, survey, **question_data("c"))
    c = Question.objects.get(name="c")
    staff.post(reverse("listening-staff-question-move", args=[survey.pk, c.pk]),
               {"direction": "up"})
    assert list(survey.versions.get().questions.order_by("position")
                .values_list("name", flat=True)) == ["role", "c", "b"]


def test_sections_reorder_and_only_an_empty_one_is_deleted(staff):
    survey = new_survey(staff)
    add_section(staff, survey, "first")
    add_section(staff, survey, "second")
    add_question(staff, survey, "first", **question_data("role"))
    version = survey.versions.get()
    second = version.sections.get(name="second")
    staff.post(reverse("listening-staff-section-move", args=[survey.pk, second.pk]),
               {"direction": "up"})
    assert list(version.sections.order_by("position").values_list("name", flat=True)) == [
        "second", "first"]
    first = version.sections.get(name="first")
    staff.post(reverse("listening-staff-section-delete", args=[survey.pk, first.pk]))
    assert version.sections.filter(name="first").exists()
    staff.post(reverse("listening-staff-section-delete", args=[survey.pk, second.pk]))
    assert not version.sections.filter(name="second").exists()


def test_a_duplicate_question_name_is_refused(staff):
    survey = new_survey(staff)
    add_section(staff, survey)
    add_question(staff, survey, **question_data("role"))
    again = add_question(staff, survey, **question_data("role"))
    assert again.status_code == 400 and "already named" in again.content.decode()


def test_missing_translations_are_flagged_and_block_publishing(staff):
    survey = new_survey(staff)
    add_section(staff, survey)
    add_question(staff, survey, **question_data("role", label_es=""))
    page = staff.get(reverse("listening-staff-survey", args=[survey.pk])).content.decode()
    assert "Spanish missing" in page
    response = staff.post(reverse("listening-staff-survey-publish", args=[survey.pk]),
                          follow=True)
    assert "missing in a language" in response.content.decode()
    assert Survey.objects.get(pk=survey.pk).current_version is None


def test_an_empty_draft_cannot_be_published(staff):
    survey = new_survey(staff)
    response = staff.post(reverse("listening-staff-survey-publish", args=[survey.pk]),
                          follow=True)
    assert "no questions yet" in response.content.decode()


def test_publishing_closing_and_reopening(staff):
    survey = new_survey(staff)
    add_section(staff, survey)
    add_question(staff, survey, **question_data("role"))
    staff.post(reverse("listening-staff-survey-publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == "open" and survey.current_version.is_frozen
    staff.post(reverse("listening-staff-survey-status", args=[survey.pk]), {"status": "closed"})
    assert Survey.objects.get(pk=survey.pk).status == "closed"
    staff.post(reverse("listening-staff-survey-status", args=[survey.pk]), {"status": "open"})
    assert Survey.objects.get(pk=survey.pk).status == "open"


def test_editing_a_published_survey_edits_a_new_draft_and_leaves_the_published_one(staff):
    survey = needs_survey()
    published = survey.current_version
    role = published.questions.get(name="role")
    refused = staff.post(reverse("listening-staff-question-edit", args=[survey.pk, role.pk]),
                         question_data("role", label_en="Changed"))
    assert refused.status_code == 404
    page = staff.get(reverse("listening-staff-survey", args=[survey.pk])).content.decode()
    assert "Start a new draft" in page
    staff.post(reverse("listening-staff-survey-draft", args=[survey.pk]))
    draft = survey.versions.get(number=2)
    page = staff.get(reverse("listening-staff-survey", args=[survey.pk])).content.decode()
    assert "You are editing a new draft" in page
    draft_role = draft.questions.get(name="role")
    response = staff.post(
        reverse("listening-staff-question-edit", args=[survey.pk, draft_role.pk]),
        question_data("role", label_en="Who is answering?", allows_other="on",
                      required="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert draft.questions.get(name="role").label["en"] == "Who is answering?"
    role.refresh_from_db()
    assert role.label["en"] == "Who are you?"
    assert [o.value for o in role.options.all()] == ["parent", "student", "other"]
    assert Survey.objects.get(pk=survey.pk).current_version_id == published.pk


@pytest.mark.parametrize("role", [OUTREACH, DATA_ANALYST])
def test_other_roles_cannot_open_or_change_the_builder(django_user_model, role):
    survey = needs_survey()
    client = member_of(django_user_model, role)
    question = survey.current_version.questions.get(name="role")
    section = question.section
    for url in [reverse("listening-staff-surveys"),
                reverse("listening-staff-survey", args=[survey.pk]),
                reverse("listening-staff-survey-preview", args=[survey.pk]),
                reverse("listening-staff-survey-import")]:
        assert client.get(url).status_code == 403, url
    for url in [reverse("listening-staff-survey-draft", args=[survey.pk]),
                reverse("listening-staff-survey-publish", args=[survey.pk]),
                reverse("listening-staff-section-delete", args=[survey.pk, section.pk]),
                reverse("listening-staff-question-edit", args=[survey.pk, question.pk])]:
        assert client.post(url, question_data("x")).status_code == 403, url
    assert survey.versions.count() == 1


def test_the_preview_renders_a_language_at_phone_width(staff):
    survey = needs_survey()
    url = reverse("listening-staff-survey-preview", args=[survey.pk])
    spanish = staff.get(url, {"lang": "es", "phone": "1"}).content.decode()
    assert "preview-phone" in spanish and "¿Quién es usted?" in spanish
    assert "Madre o padre" in spanish and "Tutoría en inglés" in spanish
    english = staff.get(url, {"lang": "en"}).content.decode()
    assert "preview-phone" not in english and "Who are you?" in english


def test_a_section_condition_and_the_frame_flag_are_saved(staff):
    survey = new_survey(staff)
    Survey.objects.filter(pk=survey.pk).update(kind=Survey.Kind.FRAMES)
    add_section(staff, survey, "about")
    add_question(staff, survey, **question_data("role"))
    add_section(staff, survey, "message", shows_frame="on", cond_1_q="role",
                cond_1_op="selected", cond_1_v="parent")
    section = survey.versions.get().sections.get(name="message")
    assert section.shows_frame
    assert section.condition == {"q": "role", "op": "selected", "v": "parent"}
    about = survey.versions.get().sections.get(name="about")
    own = staff.post(reverse("listening-staff-section-edit", args=[survey.pk, about.pk]), {
        "name": "about", "title_en": "About", "cond_1_q": "role", "cond_1_op": "answered"})
    assert own.status_code == 400  # a section may not depend on its own questions
