"""Staff pages that change a draft: sections and questions added, edited, moved, deleted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.listening.forms_builder import QuestionForm, SectionForm
from alianza.listening.models import Question, Section, Survey
from alianza.listening.selectors.surveys import condition_describe
from alianza.listening.services.builder import (
    BuilderError,
    question_delete,
    question_move,
    question_save,
    questions_before,
    section_delete,
    section_move,
    section_update,
)
from alianza.listening.services.surveys import SurveyFrozenError, section_add


def _draft_section(survey_id: int, section_id: int) -> Section:
    return get_object_or_404(Section.objects.select_related("version__survey"), pk=section_id,
                             version__survey_id=survey_id, version__published_at__isnull=True)


def _draft_question(survey_id: int, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section", "version__survey"), pk=question_id,
        version__survey_id=survey_id, version__published_at__isnull=True)


def _back(survey_id: int, anchor: str = "") -> HttpResponse:
    response = redirect("listening-staff-survey", survey_id)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


def _add_errors(form, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, str(error))


@require_http_methods(["GET", "POST"])
@staff_required("listening.change_survey")
def section_form(request: HttpRequest, survey_id: int,
                 section_id: int | None = None) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    version = survey.versions.order_by("-number").first()
    if version is None or version.is_frozen:
        messages.error(request, _("Start a new draft to change the questions."))
        return _back(survey.pk)
    section = _draft_section(survey_id, section_id) if section_id else None
    taken = set(version.sections.exclude(pk=getattr(section, "pk", None))
                .values_list("name", flat=True))
    if section is not None:
        known = questions_before(section=section, for_section=True)
        initial = {"name": section.name, "shows_frame": section.shows_frame,
                   **SectionForm.initial_texts("title", section.title)}
    else:
        known = dict(version.questions.values_list("name", "type"))
        initial = {"name": f"section_{version.sections.count() + 1}"}
    form = SectionForm(request.POST or None, languages=survey.languages, known=known,
                       condition=getattr(section, "condition", None), taken=taken,
                       initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if section is None:
                section = section_add(version=version, name=data["name"], title=data["title"],
                                      condition=data["condition"],
                                      shows_frame=data["shows_frame"])
            else:
                section.name = data["name"]
                section_update(section=section, title=data["title"],
                               condition=data["condition"], shows_frame=data["shows_frame"])
        except (BuilderError, SurveyFrozenError, ValidationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The section was saved."))
            return _back(survey.pk, f"section-{section.pk}")
    return render(request, "listening/staff/section_form.html", {
        "survey": survey, "section": section, "form": form,
        "complex_text": condition_describe(form.complex_condition)},
        status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_required("listening.change_survey")
def question_form(request: HttpRequest, survey_id: int, section_id: int | None = None,
                  question_id: int | None = None) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    question = _draft_question(survey_id, question_id) if question_id else None
    section = question.section if question else _draft_section(survey_id, section_id)
    languages = list(survey.languages)
    initial = QuestionForm.initial_from(question, languages) if question else {
        "type": request.GET.get("type", "single"), "max_length": 2000}
    form = QuestionForm(request.POST or None, languages=languages,
                        known=questions_before(section=section, question=question),
                        condition=getattr(question, "condition", None), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question = question_save(section=section, question=question,
                                     **form.service_fields())
        except (BuilderError, SurveyFrozenError, ValidationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The question “%(name)s” was saved.")
                             % {"name": question.name})
            return _back(survey.pk, f"question-{question.pk}")
    return render(request, "listening/staff/question_form.html", {
        "survey": survey, "section": section, "question": question, "form": form,
        "complex_text": condition_describe(form.complex_condition)},
        status=400 if form.errors else 200)


@require_POST
@staff_required("listening.change_survey")
def section_remove(request: HttpRequest, survey_id: int, section_id: int) -> HttpResponse:
    section = _draft_section(survey_id, section_id)
    try:
        section_delete(section=section)
    except (BuilderError, SurveyFrozenError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The section was deleted."))
    return _back(survey_id)


@require_POST
@staff_required("listening.change_survey")
def section_reorder(request: HttpRequest, survey_id: int, section_id: int) -> HttpResponse:
    section = _draft_section(survey_id, section_id)
    try:
        section_move(section=section, step=-1 if request.POST.get("direction") == "up" else 1)
    except (BuilderError, SurveyFrozenError) as error:
        messages.error(request, str(error))
    return _back(survey_id, f"section-{section.pk}")


@require_POST
@staff_required("listening.change_survey")
def question_remove(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    question = _draft_question(survey_id, question_id)
    try:
        question_delete(question=question)
    except (BuilderError, SurveyFrozenError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The question “%(name)s” was deleted.")
                         % {"name": question.name})
    return _back(survey_id)


@require_POST
@staff_required("listening.change_survey")
def question_reorder(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    question = _draft_question(survey_id, question_id)
    try:
        question_move(question=question,
                      step=-1 if request.POST.get("direction") == "up" else 1)
    except (BuilderError, SurveyFrozenError) as error:
        messages.error(request, str(error))
    return _back(survey_id, f"question-{question.pk}")
