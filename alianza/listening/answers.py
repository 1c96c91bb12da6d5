"""Checking answers against the questions they answer, and turning them into rows.

Answers travel as a dictionary by question name, the same shape in a response's draft, in
a paper entry and in a test:

- single choice, county (two-digit code), district (seven-digit code), text: a string;
- multiple choice: a list of option values; ranking: the list in order, first = rank 1;
- rating scale and number: a number; date: ``YYYY-MM-DD``;
- "other, please specify": the words under ``<name>__other``.

``answers_clean`` never raises for what a respondent typed: it returns the answers it
kept and, by question name, a translated message for each it refused, so a page can show
the messages next to the questions and keep every other answer.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from alianza.coalition.places import COUNTY_NAMES, districts
from alianza.listening import logic
from alianza.listening.models import Answer, Option, Question, QuestionType

OTHER_SUFFIX = "__other"
OTHER_MAX_LENGTH = 500


@dataclass
class Checked:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _option_values(question: Question) -> list[str]:
    return [option.value for option in question.options.all()]


def _clean_one(question: Question, raw: Any) -> tuple[Any, str | None]:
    """(value, error) for one question; ``value`` is None when unanswered."""
    kind = question.type
    if logic.is_blank(raw):
        return None, None
    if kind in (QuestionType.SINGLE, QuestionType.COUNTY, QuestionType.DISTRICT,
                QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT, QuestionType.DATE):
        if isinstance(raw, list):
            raw = raw[0] if len(raw) == 1 else ""
        raw = str(raw).strip()
        if not raw:
            return None, None
    if kind == QuestionType.SINGLE:
        if raw not in _option_values(question):
            return None, _("Choose one of the answers offered.")
        return raw, None
    if kind in (QuestionType.MULTIPLE, QuestionType.RANKING):
        chosen = raw if isinstance(raw, list) else [raw]
        chosen = [str(item).strip() for item in chosen if str(item).strip()]
        allowed = set(_option_values(question))
        if any(item not in allowed for item in chosen):
            return None, _("Choose among the answers offered.")
        if len(set(chosen)) != len(chosen):
            return None, _("Each answer can be chosen only once.")
        if kind == QuestionType.RANKING and question.max_ranked and \
                len(chosen) > question.max_ranked:
            return None, _("Rank at most %(count)d.") % {"count": question.max_ranked}
        return chosen or None, None
    if kind in (QuestionType.RATING, QuestionType.NUMBER):
        try:
            number = float(str(raw).strip().replace(",", "."))
        except ValueError:
            return None, _("Enter a number.")
        if not math.isfinite(number):
            return None, _("Enter a number.")
        low, high = question.scale_min, question.scale_max
        if kind == QuestionType.RATING:
            low = 1 if low is None else low
            high = 5 if high is None else high
            if number != int(number):
                return None, _("Choose a point on the scale.")
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                return None, _("Enter a number from %(low)s to %(high)s.") % {
                    "low": low, "high": high}
            return None, _("This number is out of range.")
        return (int(number) if number == int(number) else number), None
    if kind == QuestionType.DATE:
        try:
            return datetime.date.fromisoformat(raw).isoformat(), None
        except ValueError:
            return None, _("Enter a date as year-month-day, for example 2026-09-15.")
    if kind == QuestionType.COUNTY:
        if raw not in COUNTY_NAMES:
            return None, _("Choose a California county from the list.")
        return raw, None
    if kind == QuestionType.DISTRICT:
        if raw not in districts():
            return None, _("Choose a California school district from the list.")
        return raw, None
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        limit = question.max_length or 2000
        if len(raw) > limit:
            return None, _("Please keep this answer under %(count)d characters "
                           "(it has %(length)d).") % {"count": limit, "length": len(raw)}
        return raw, None
    return None, None


def answers_clean(questions: Iterable[Question], raw: Mapping[str, Any], *,
                  final: bool) -> Checked:
    """Check ``raw`` answers to ``questions`` (in order); ``final`` also checks required.

    Answers to questions skip logic hides (the question's condition or its section's) are
    dropped, so a changed earlier answer never leaves a stray answer behind.
    """
    checked = Checked()
    for question in questions:
        if question.type == QuestionType.NOTE:
            continue
        if not (logic.evaluate(question.section.condition, checked.values)
                and logic.evaluate(question.condition, checked.values)):
            continue
        value, error = _clean_one(question, raw.get(question.name))
        if error:
            checked.errors[question.name] = error
            continue
        if value is None:
            if final and question.required:
                checked.errors[question.name] = _("Please answer this question.")
            continue
        checked.values[question.name] = value
        if question.allows_other and _chose_other(value):
            other = str(raw.get(question.name + OTHER_SUFFIX) or "").strip()
            if len(other) > OTHER_MAX_LENGTH:
                checked.errors[question.name] = _(
                    "Please keep this answer under %(count)d characters (it has "
                    "%(length)d).") % {"count": OTHER_MAX_LENGTH, "length": len(other)}
            elif other:
                checked.values[question.name + OTHER_SUFFIX] = other
    return checked


def _chose_other(value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    return Option.OTHER_VALUE in [str(item) for item in values]


def answer_values(questions: Iterable[Question], values: Mapping[str, Any], *,
                  response_id: int) -> list[tuple]:
    """The answer rows for cleaned ``values`` as plain tuples in ``ANSWER_COLUMNS`` order:
    one per single answer, per chosen option, per ranked option (rank 1 first)."""
    rows: list[tuple] = []
    for question in questions:
        value = values.get(question.name)
        if value is None:
            continue
        other = values.get(question.name + OTHER_SUFFIX, "")
        qid = question.pk
        kind = question.type
        if kind == QuestionType.SINGLE:
            option = _options(question)[value]
            rows.append((response_id, qid, option.pk, None, None, None,
                         other if option.is_other else ""))
        elif kind in (QuestionType.MULTIPLE, QuestionType.RANKING):
            options = _options(question)
            ranking = kind == QuestionType.RANKING
            for rank, item in enumerate(value, start=1):
                option = options[item]
                rows.append((response_id, qid, option.pk, rank if ranking else None, None,
                             None, other if option.is_other else ""))
        elif kind in (QuestionType.RATING, QuestionType.NUMBER):
            rows.append((response_id, qid, None, None, float(value), None, ""))
        elif kind == QuestionType.DATE:
            rows.append((response_id, qid, None, None, None,
                         datetime.date.fromisoformat(value), ""))
        else:
            rows.append((response_id, qid, None, None, None, None, str(value)))
    return rows


ANSWER_COLUMNS = ("response_id", "question_id", "option_id", "rank", "number", "date", "text")


def _options(question: Question) -> dict[str, Option]:
    return {option.value: option for option in question.options.all()}


def answer_rows(questions: Iterable[Question], values: Mapping[str, Any], *,
                response_id: int) -> list[Answer]:
    """The ``Answer`` rows for cleaned ``values``, ready for ``bulk_create``."""
    return [Answer(**dict(zip(ANSWER_COLUMNS, row, strict=True)))
            for row in answer_values(questions, values, response_id=response_id)]
