"""The respondent's forms: reading a page's answers from a POST, and what each question
needs to be drawn again (its wording in the page's language, choices, the answer so far
and any message).

Questions are data (a version's rows), not Django form fields: the page is drawn from them
and ``answers_clean`` checks what comes back. Field names are the question names; a
ranking is one select per place (``<name>__1``, ``<name>__2``…) so it works without drag
and drop or script; "other, please specify" is ``<name>__other``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from alianza.coalition.places import COUNTIES, district_match, districts
from alianza.listening import logic
from alianza.listening.answers import OTHER_SUFFIX
from alianza.listening.models import Question, QuestionType, RespondentType
from alianza.listening.models.surveys import text_in

# Far above any answer a person types (a long text is capped at a few thousand
# characters); a body beyond this is refused before it is parsed.
MAX_BODY_BYTES = 512 * 1024
MULTI_VALUED = {QuestionType.MULTIPLE}


def rank_places(question: Question) -> int:
    count = len(question.options.all())
    return min(question.max_ranked, count) if question.max_ranked else count


def answers_from_post(questions: list[Question], data: QueryDict,
                      county_code: str = "") -> tuple[dict[str, Any], dict[str, str]]:
    """The raw answers on a page, by question name, and messages for what cannot be read.

    Anything not named after one of the page's questions is ignored.
    """
    raw: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        name = question.name
        if question.type == QuestionType.NOTE:
            continue
        if question.type in MULTI_VALUED:
            raw[name] = data.getlist(name)
        elif question.type == QuestionType.RANKING:
            places = [data.get(f"{name}__{place}", "").strip()
                      for place in range(1, rank_places(question) + 1)]
            raw[name] = [value for value in places if value]
        elif question.type == QuestionType.DISTRICT:
            typed = data.get(name, "").strip()
            if typed:
                match = district_match(typed[:200], county_code=county_code)
                if match.code:
                    raw[name] = match.code
                else:
                    raw[name] = ""
                    errors[name] = (
                        _("Several districts have this name; choose your county first.")
                        if match.ambiguous else
                        _("Choose a California school district from the list."))
        else:
            raw[name] = data.get(name, "")
        if question.allows_other and f"{name}{OTHER_SUFFIX}" in data:
            raw[f"{name}{OTHER_SUFFIX}"] = data.get(f"{name}{OTHER_SUFFIX}", "")
    return raw, errors


@dataclass
class Choice:
    value: str
    label: str
    checked: bool = False
    is_other: bool = False


@dataclass
class QuestionView:
    """What the page template needs to draw one question."""

    question: Question
    label: str
    hint: str
    error: str
    value: Any
    other: str = ""
    choices: list[Choice] = field(default_factory=list)
    places: list[tuple[int, str]] = field(default_factory=list)  # ranking: (place, chosen)
    low_label: str = ""
    high_label: str = ""
    # Skip logic that depends on this page's own answers, for respond.js to apply as the
    # respondent answers; without script every question shows and the server decides.
    show_if: str = ""

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def kind(self) -> str:
        return self.question.type

    @property
    def described_by(self) -> str:
        ids = [f"hint-{self.name}"] if self.hint else []
        return " ".join([*ids, f"error-{self.name}"] if self.error else ids)


def question_views(questions: list[Question], values: Mapping[str, Any],
                   errors: Mapping[str, str], language: str) -> list[QuestionView]:
    views = []
    on_page = {question.name for question in questions}
    for question in questions:
        value = values.get(question.name)
        chosen = {str(item) for item in value} if isinstance(value, list) else {str(value)}
        view = QuestionView(
            question=question, label=text_in(question.label, language),
            hint=text_in(question.hint, language), error=errors.get(question.name, ""),
            value="" if value is None else value,
            other=str(values.get(question.name + OTHER_SUFFIX) or ""),
        )
        if question.condition and logic.referenced(question.condition) & on_page:
            view.show_if = json.dumps(question.condition)
        kind = question.type
        if kind in QuestionType.with_options():
            view.choices = [Choice(value=option.value, label=text_in(option.label, language),
                                   checked=option.value in chosen, is_other=option.is_other)
                            for option in question.options.all()]
        if kind == QuestionType.RANKING:
            ranked = list(value) if isinstance(value, list) else []
            view.places = [(place, ranked[place - 1] if place <= len(ranked) else "")
                           for place in range(1, rank_places(question) + 1)]
        elif kind == QuestionType.RATING:
            low = 1 if question.scale_min is None else question.scale_min
            high = 5 if question.scale_max is None else question.scale_max
            view.choices = [Choice(value=str(point), label=str(point),
                                   checked=str(point) == str(value))
                            for point in range(low, high + 1)]
            view.low_label = text_in(question.scale_min_label, language)
            view.high_label = text_in(question.scale_max_label, language)
        elif kind == QuestionType.COUNTY:
            view.choices = [Choice(value=code, label=name, checked=code == value)
                            for code, name in COUNTIES]
        views.append(view)
    return views


def district_choices(county_code: str) -> list[Choice]:
    """A county's districts for a select; with no county known the page asks for a name."""
    if not county_code:
        return []
    return sorted((Choice(value=d.code, label=d.name) for d in districts().values()
                   if d.county_code == county_code), key=lambda choice: choice.label)


class StartForm(forms.Form):
    """The first page: who is answering, optional."""

    respondent_type = forms.ChoiceField(
        label=gettext_lazy("Who is answering? (optional)"), required=False,
        choices=RespondentType.choices, widget=forms.RadioSelect)


CONTACT_WORDING = gettext_lazy("You may contact me about this survey.")


class ContactForm(forms.Form):
    """The separate, optional way to be contacted; nothing is kept unless it is ticked."""

    consent = forms.BooleanField(label=CONTACT_WORDING, required=False)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200,
                           required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("consent") and not (data.get("email") or data.get("phone")):
            raise forms.ValidationError(
                _("To be contacted, leave an email address or a phone number."))
        return data
