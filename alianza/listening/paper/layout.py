"""A survey version laid out for paper, in one language: numbered questions and skip logic
said in words.

On a screen skip logic just happens; on paper the respondent must be told. Each
conditional section or question says when to answer it ("Answer this section only if you
answered “A parent” to question 1"), and each choice of a single-choice question that makes
whole sections irrelevant says where to go next ("→ skip to section 3"). The words come
from the same conditions (``alianza.listening.logic``) the web pages evaluate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from alianza.listening import logic
from alianza.listening.models import Question, QuestionType, Section, SurveyVersion
from alianza.listening.models.surveys import text_in
from alianza.listening.services.responses import version_questions


@dataclass
class PaperChoice:
    value: str
    label: str
    is_other: bool = False
    skip_to: int | None = None  # the section number to go on to after ticking this one


@dataclass
class PaperQuestion:
    number: int | None  # notes have none
    question: Question
    label: str
    hint: str
    choices: list[PaperChoice]
    only_if: str  # the condition in words, or ""
    scale: list[int] = field(default_factory=list)
    scale_min_label: str = ""
    scale_max_label: str = ""

    @property
    def type(self) -> str:
        return self.question.type


@dataclass
class PaperSection:
    number: int
    section: Section
    title: str
    intro: str
    only_if: str
    questions: list[PaperQuestion] = field(default_factory=list)


def _quoted(text: str) -> str:
    return _("“%(text)s”") % {"text": text}


def _value_words(question: Question | None, value: Any, language: str) -> str:
    if question is not None:
        for option in question.options.all():
            if option.value == str(value):
                return _quoted(text_in(option.label, language))
    return _quoted(str(value))


def condition_words(condition: Mapping[str, Any] | None, *, numbers: dict[str, int],
                    questions: dict[str, Question], language: str) -> str:
    """``condition`` as a clause completing "…only if …", in the active language."""
    if not condition:
        return ""
    words = {key: condition_words(part, numbers=numbers, questions=questions,
                                  language=language)
             for key, part in enumerate(condition.get("all") or condition.get("any") or [])}
    if "all" in condition:
        return _(" and ").join(words.values())
    if "any" in condition:
        return _(" or ").join(words.values())
    if "not" in condition:
        inner = condition_words(condition["not"], numbers=numbers, questions=questions,
                                language=language)
        return _("it is not the case that %(condition)s") % {"condition": inner}
    name = condition.get("q", "")
    number = numbers.get(name)
    which = str(number) if number is not None else name
    value = _value_words(questions.get(name), condition.get("v"), language)
    op = condition.get("op")
    phrases = {
        "eq": _("you answered %(value)s to question %(number)s"),
        "ne": _("you did not answer %(value)s to question %(number)s"),
        "selected": _("you ticked %(value)s in question %(number)s"),
        "not_selected": _("you did not tick %(value)s in question %(number)s"),
        "answered": _("you answered question %(number)s"),
        "unanswered": _("you left question %(number)s blank"),
        "gt": _("your answer to question %(number)s is more than %(value)s"),
        "ge": _("your answer to question %(number)s is %(value)s or more"),
        "lt": _("your answer to question %(number)s is less than %(value)s"),
        "le": _("your answer to question %(number)s is %(value)s or less"),
    }
    if op in logic.COMPARISONS:
        value = str(condition.get("v"))
    return phrases.get(op, "") % {"value": value, "number": which}


def _skip_targets(sections: list[PaperSection], question: Question) -> dict[str, int]:
    """For each choice of a single-choice question, the section to go on to when the
    sections right after this one depend on that question alone and are all skipped."""
    if question.type != QuestionType.SINGLE:
        return {}
    index = next(i for i, s in enumerate(sections) if s.section.pk == question.section_id)
    later = sections[index + 1:]
    targets: dict[str, int] = {}
    for option in question.options.all():
        answers = {question.name: option.value}
        skipped = 0
        for paper in later:
            condition = paper.section.condition
            if not condition or logic.referenced(condition) != {question.name}:
                break
            if logic.evaluate(condition, answers):
                break
            skipped += 1
        if skipped and index + 1 + skipped < len(sections):
            targets[option.value] = sections[index + 1 + skipped].number
    return targets


def paper_layout(version: SurveyVersion, language: str) -> list[PaperSection]:
    """Sections and questions of ``version`` in ``language``, numbered as printed."""
    questions = version_questions(version)
    numbers: dict[str, int] = {}
    for question in questions:
        if question.type != QuestionType.NOTE:
            numbers[question.name] = len(numbers) + 1
    by_name = {question.name: question for question in questions}

    def words(condition: Mapping[str, Any] | None) -> str:
        return condition_words(condition, numbers=numbers, questions=by_name,
                               language=language)

    sections = [PaperSection(number=position, section=section,
                             title=text_in(section.title, language),
                             intro=text_in(section.intro, language),
                             only_if=words(section.condition))
                for position, section in enumerate(version.sections.order_by("position"),
                                                   start=1)]
    by_pk = {paper.section.pk: paper for paper in sections}
    for question in questions:
        targets = _skip_targets(sections, question)
        choices = [PaperChoice(option.value, text_in(option.label, language), option.is_other,
                               targets.get(option.value))
                   for option in question.options.all()]
        scale = []
        if question.type == QuestionType.RATING:
            low = 1 if question.scale_min is None else question.scale_min
            high = 5 if question.scale_max is None else question.scale_max
            scale = list(range(low, high + 1))
        by_pk[question.section_id].questions.append(PaperQuestion(
            number=numbers.get(question.name), question=question,
            label=text_in(question.label, language), hint=text_in(question.hint, language),
            choices=choices, only_if=words(question.condition), scale=scale,
            scale_min_label=text_in(question.scale_min_label, language),
            scale_max_label=text_in(question.scale_max_label, language)))
    return sections
