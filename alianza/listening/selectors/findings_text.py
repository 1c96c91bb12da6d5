"""Open-text answers (short and long text, "other, please specify") and their themes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from alianza.listening.models import Answer, QuestionType, Survey, Theme
from alianza.listening.models.surveys import text_in
from alianza.listening.selectors.findings_questions import TEXT_TYPES

PER_PAGE = 25


def text_answers(survey: Survey, *, language: str = "") -> QuerySet[Answer]:
    """Answers with the respondent's own words, newest first; ``language``: the language
    the respondent answered in (empty: all)."""
    answers = (Answer.objects
               .filter(response__survey=survey)
               .filter(Q(question__type__in=TEXT_TYPES) | Q(option__is_other=True))
               .exclude(text="")
               .select_related("question", "option", "response")
               .prefetch_related("themes")
               .order_by("-response__submitted_at", "-pk"))
    if language:
        answers = answers.filter(response__language=language)
    return answers


def text_answers_page(survey: Survey, *, language: str, page: str | int | None) -> Page:
    return Paginator(text_answers(survey, language=language), PER_PAGE).get_page(page)


def text_languages(survey: Survey) -> list[str]:
    """The languages respondents wrote in, for the per-language tabs."""
    return sorted(set(text_answers(survey).values_list("response__language", flat=True)
                      .order_by()))


@dataclass
class ThemeCount:
    theme: Theme
    label: str
    count: int
    suppressed: bool


def theme_counts(survey: Survey, *, language: str) -> list[ThemeCount]:
    """Answers tagged with each theme, most first; counts under the smallest group size are
    shown only as "fewer than N" (a handful of answers could point to a person)."""
    minimum = survey.min_group_size
    themes = Theme.objects.filter(survey=survey).annotate(n=Count("answers")).order_by(
        "-n", "key")
    return [ThemeCount(theme=t, label=theme_label(t, language), count=t.n,
                       suppressed=t.n < minimum) for t in themes]


def theme_label(theme: Theme, language: str | None = None) -> str:
    return text_in(theme.label, language) or theme.key


def question_label(answer: Answer, language: str | None = None) -> str:
    label = text_in(answer.question.label, language) or answer.question.name
    if answer.question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE,
                                QuestionType.RANKING):
        return f"{label} — {text_in(answer.option.label, language) if answer.option else ''}"
    return label
