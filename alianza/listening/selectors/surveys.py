"""Reading surveys for the staff pages: the list, and a version laid out for the editor."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils.translation import pgettext_lazy

from alianza.listening.models import (
    Question,
    Response,
    Section,
    Survey,
    SurveyVersion,
)
from alianza.listening.models.surveys import text_in
from alianza.listening.services.builder import question_missing_languages

# The models' status names are single words ("Open") that other apps translate otherwise
# (Django merges the catalogues); these carry a context of their own.
STATUS_LABELS = {
    Survey.Status.DRAFT: pgettext_lazy("survey status", "Draft"),
    Survey.Status.OPEN: pgettext_lazy("survey status", "Open"),
    Survey.Status.CLOSED: pgettext_lazy("survey status", "Closed"),
}


def status_label(survey: Survey) -> str:
    return str(STATUS_LABELS.get(survey.status, survey.status))


@dataclass
class SurveyRow:
    survey: Survey
    title: str
    submitted: int
    draft_number: int | None
    status: str = ""


def surveys_staff_list() -> list[SurveyRow]:
    """Every survey, newest first, with its submitted responses counted in one query."""
    surveys = (Survey.objects.select_related("current_version")
               .prefetch_related("texts", "versions")
               .annotate(submitted=Count("responses", filter=Q(
                   responses__status=Response.Status.SUBMITTED)))
               .order_by("-created_at"))
    rows = []
    for survey in surveys:
        text = survey.text()
        versions = list(survey.versions.all())
        draft = next((v.number for v in versions if not v.is_frozen), None)
        rows.append(SurveyRow(survey, text.title if text else survey.slug, survey.submitted,
                              draft, status_label(survey)))
    return rows


@dataclass
class QuestionRow:
    question: Question
    missing: list[str]
    first: bool = False
    last: bool = False
    condition_text: str = ""
    title: str = ""
    label: str = ""


@dataclass
class SectionRow:
    section: Section
    questions: list[QuestionRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    first: bool = False
    last: bool = False
    condition_text: str = ""
    title: str = ""
    label: str = ""


def version_layout(version: SurveyVersion) -> list[SectionRow]:
    """Sections in order, each with its questions and the languages each one lacks."""
    languages = list(version.survey.languages) or [settings.LANGUAGE_CODE]
    sections = version.sections.order_by("position").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position")
                 .prefetch_related("options")))
    rows = []
    for section in sections:
        row = SectionRow(section, missing=[code for code in languages
                                           if section.title and not section.title.get(code)])
        row.condition_text = condition_describe(section.condition)
        row.title = text_in(section.title) or section.name
        questions = list(section.questions.all())
        for index, question in enumerate(questions):
            item = QuestionRow(question, question_missing_languages(question, languages),
                               first=index == 0, last=index == len(questions) - 1)
            item.condition_text = condition_describe(question.condition)
            item.label = text_in(question.label) or question.name
            row.questions.append(item)
        rows.append(row)
    if rows:
        rows[0].first, rows[-1].last = True, True
    return rows


def version_for_view(survey: Survey, number: int | None = None) -> SurveyVersion | None:
    """The version asked for, else the newest one (the draft when there is one)."""
    versions = survey.versions.order_by("-number")
    if number is not None:
        return versions.filter(number=number).first()
    return versions.first()


def condition_describe(condition: dict | None) -> str:
    """A condition in words, e.g. “role is parent and grade is more than 3”."""
    from django.utils.translation import gettext as _

    from alianza.listening.forms_builder import OPERATORS

    if not condition:
        return ""
    for group, joiner in (("all", _(" and ")), ("any", _(" or "))):
        if group in condition:
            parts = [condition_describe(part) for part in condition[group]]
            return joiner.join(f"({part})" if (" " in part and ("all" in sub or "any" in sub))
                               else part for part, sub in zip(parts, condition[group],
                                                              strict=True))
    if "not" in condition:
        return _("not (%(condition)s)") % {"condition": condition_describe(condition["not"])}
    words = str(dict(OPERATORS).get(condition.get("op"), condition.get("op")))
    value = condition.get("v")
    return " ".join(str(part) for part in (condition.get("q"), words, value)
                    if part is not None and part != "")
