"""Survey questions in the shape OSDI gives questions: read-only, and without answers.

Answers to listening surveys are confidential (findings are shown only for groups large
enough not to single anyone out), so no individual answer is given here, nor a link to
them. Every language's wording is given, under ``alianza:titles``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpRequest

from alianza.core.osdi import osdi_identifiers, osdi_identifiers_map, osdi_link, osdi_time
from alianza.core.osdi.links import osdi_browser_url, osdi_language
from alianza.listening.models import Question, QuestionType, Survey

ORIGIN = "Alianza"
# OSDI's three kinds of question; the exact kind is given as ``alianza:question_type``.
OSDI_TYPES = {
    QuestionType.SINGLE: "SingleChoice",
    QuestionType.RATING: "SingleChoice",
    QuestionType.MULTIPLE: "MultiChoice",
    QuestionType.RANKING: "MultiChoice",
}


def _in(values: dict[str, str] | None, language: str) -> str | None:
    """The wording in ``language``, else the site's, else any."""
    values = values or {}
    for code in (language, settings.LANGUAGE_CODE):
        if values.get(code):
            return values[code]
    return next((v for v in values.values() if v), None)


def survey_browser_url(survey: Survey) -> str | None:
    return osdi_browser_url("listening-survey", slug=survey.slug,
                            public=survey.status == Survey.Status.OPEN)


def questions_serialize(request: HttpRequest, questions: Iterable[Question]
                        ) -> list[dict[str, Any]]:
    questions = list(questions)
    if not questions:
        return []
    prefetch_related_objects(questions, "options", "version__survey__texts")
    foreign = osdi_identifiers_map(Question, [q.pk for q in questions])
    language = osdi_language()
    return [_question(request, q, foreign.get(q.pk, []), language) for q in questions]


def _survey(survey: Survey, language: str) -> dict[str, Any]:
    text = survey.text(language)
    return {
        "identifiers": osdi_identifiers(survey),
        "name": survey.slug,
        "title": text.title if text else survey.slug,
        "titles": {t.language: t.title for t in survey.texts.all()},
        "status": survey.status,
        "browser_url": survey_browser_url(survey),
    }


def _question(request: HttpRequest, question: Question, foreign: list[str], language: str
              ) -> dict[str, Any]:
    body: dict[str, Any] = {
        "identifiers": osdi_identifiers(question, foreign),
        "origin_system": ORIGIN,
        "created_date": osdi_time(question.version.published_at),
        "modified_date": osdi_time(question.modified_at),
        "name": question.name,
        "title": _in(question.label, language) or question.name,
        "description": _in(question.hint, language),
        "question_type": OSDI_TYPES.get(question.type, "Paragraph"),
        "responses": [
            {"key": option.value, "name": option.value,
             "title": _in(option.label, language) or option.value,
             "alianza:titles": option.label or {}}
            for option in question.options.all()
        ],
        "alianza:question_type": question.type,
        "alianza:titles": question.label or {},
        "alianza:descriptions": question.hint or {},
        "alianza:required": question.required,
        "alianza:survey": _survey(question.version.survey, language),
        "_links": {"self": osdi_link(request, "questions", str(question.uuid))},
    }
    if question.type == QuestionType.RATING:
        body["alianza:scale"] = {
            "min": question.scale_min, "max": question.scale_max,
            "min_titles": question.scale_min_label or {},
            "max_titles": question.scale_max_label or {},
        }
    return body
