"""The paper entry form: who handed the form out, its language, who answered, the answers
as written, and the contact box.

The answers are not Django fields: ``answers_clean`` checks them, as it does for the web,
so this module only reads them from the POST (a ranking's numbered boxes become the ordered
list, a district written as a name becomes its code) and gives back what was typed so a
refused form is shown again exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from alianza.coalition.places import COUNTIES, district_match, district_name
from alianza.listening.answers import OTHER_SUFFIX
from alianza.listening.models import Partner, QuestionType, RespondentType, Survey
from alianza.listening.services.partners_paper import SUBMISSION_KEY, PaperContact


class PartnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        label = f"{obj.code} · {obj.name}"
        return label if obj.is_active else _("%(partner)s (not collecting)") % {"partner": label}


class PaperEntryForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    language = forms.CharField(widget=forms.HiddenInput)
    partner = PartnerChoice(
        label=gettext_lazy("Partner (the code printed on the form)"), required=False,
        queryset=Partner.objects.none(), empty_label=gettext_lazy("No partner code on it"),
        error_messages={"invalid_choice": gettext_lazy(
            "This is not a partner of this survey. Choose one from the list.")})
    respondent_type = forms.ChoiceField(label=gettext_lazy("Who is answering?"),
                                        required=False)
    contact_ok = forms.BooleanField(
        label=gettext_lazy("The box “You may contact me about this survey” is ticked"),
        required=False)
    contact_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200,
                                   required=False)
    contact_email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    contact_phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40,
                                    required=False)

    def __init__(self, *args, survey: Survey, languages: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.fields["partner"].queryset = survey.partners.order_by("name", "pk")
        if survey.ask_respondent_type:
            self.fields["respondent_type"].choices = [
                ("", gettext_lazy("Not answered")), *RespondentType.choices]
        else:
            del self.fields["respondent_type"]

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if not SUBMISSION_KEY.match(key):
            raise forms.ValidationError(_("This form is out of date. Reload the page and "
                                          "enter the response again."), code="key")
        return key

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        if language not in self.languages:
            raise forms.ValidationError(_("Choose the language of the paper form."),
                                        code="language")
        return language

    def clean(self) -> dict:
        data = super().clean()
        details = [data.get(f"contact_{part}") for part in ("name", "email", "phone")]
        if data.get("contact_ok"):
            if not (data.get("contact_email") or data.get("contact_phone")):
                self.add_error("contact_email", _("The box is ticked: write the email or the "
                                                  "phone the respondent gave."))
        elif any(details):
            self.add_error("contact_ok", _(
                "Contact details are kept only when the respondent ticked the box. Tick it "
                "if the paper form has it ticked; otherwise leave the details out."))
        return data

    def contact(self) -> PaperContact | None:
        data = self.cleaned_data
        if not data.get("contact_ok"):
            return None
        return PaperContact(name=data.get("contact_name", "").strip(),
                            email=data.get("contact_email", "").strip(),
                            phone=data.get("contact_phone", "").strip())


# The answers ------------------------------------------------------------------------------


def field_name(question_name: str) -> str:
    return f"q-{question_name}"


@dataclass
class EntryChoice:
    value: str
    label: str
    checked: bool = False
    rank: str = ""  # as typed in the ranking box


@dataclass
class EntryQuestion:
    number: int | None
    name: str
    type: str
    label: str
    field: str
    required: bool
    only_if: str
    choices: list[EntryChoice] = field(default_factory=list)
    value: str = ""
    other: str = ""
    allows_other: bool = False
    error: str = ""
    scale: list[int] = field(default_factory=list)


def answers_from_post(questions: list, data: Mapping[str, Any]
                      ) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers in ``answers_clean``'s shape, and errors found reading them."""
    raw: dict[str, Any] = {}
    errors: dict[str, str] = {}
    county = ""
    for question in questions:
        name, kind, key = question.name, question.type, field_name(question.name)
        if kind == QuestionType.MULTIPLE:
            raw[name] = data.getlist(key)
        elif kind == QuestionType.RANKING:
            raw[name], error = _ranking(question, data)
            if error:
                errors[name] = error
        elif kind == QuestionType.DISTRICT:
            typed = str(data.get(key, "")).strip()
            if typed:
                found = district_match(typed, county_code=county)
                if found.code:
                    raw[name] = found.code
                else:
                    errors[name] = (_("Several districts have this name: choose the county "
                                      "too, or type the seven-digit code.")
                                    if found.ambiguous else
                                    _("No California school district has this name or "
                                      "code. Check the spelling."))
        elif kind != QuestionType.NOTE:
            raw[name] = data.get(key, "")
            if kind == QuestionType.COUNTY and not county:
                county = str(raw[name])
        if question.allows_other:
            raw[name + OTHER_SUFFIX] = data.get(key + OTHER_SUFFIX, "")
    return raw, errors


def _ranking(question, data: Mapping[str, Any]) -> tuple[list[str], str]:
    numbered: list[tuple[int, str]] = []
    for option in question.options.all():
        typed = str(data.get(f"{field_name(question.name)}-rank-{option.value}", "")).strip()
        if not typed:
            continue
        if not typed.isdigit() or int(typed) < 1:
            return [], _("Write whole numbers, 1 for the top choice.")
        numbered.append((int(typed), option.value))
    numbers = [number for number, _value in numbered]
    if len(set(numbers)) != len(numbers):
        return [], _("Each number can be written only once.")
    return [value for _number, value in sorted(numbered)], ""


def entry_questions(sections, data: Mapping[str, Any] | None, errors: Mapping[str, str]
                    ) -> list[tuple[Any, list[EntryQuestion]]]:
    """The paper layout's sections with each question's typed value and error."""
    data = data or {}
    shown = []
    for paper in sections:
        items = []
        for item in paper.questions:
            question = item.question
            key = field_name(question.name)
            chosen = set(data.getlist(key)) if hasattr(data, "getlist") else set()
            entry = EntryQuestion(
                number=item.number, name=question.name, type=question.type, label=item.label,
                field=key, required=question.required, only_if=item.only_if,
                value=str(data.get(key, "")), other=str(data.get(key + OTHER_SUFFIX, "")),
                allows_other=question.allows_other, error=errors.get(question.name, ""),
                scale=item.scale,
                choices=[EntryChoice(choice.value, choice.label, choice.value in chosen,
                                     str(data.get(f"{key}-rank-{choice.value}", "")))
                         for choice in item.choices])
            if question.type == QuestionType.COUNTY:
                entry.choices = [EntryChoice(code, label, code == entry.value)
                                 for code, label in COUNTIES]
            if question.type == QuestionType.DISTRICT and entry.value.isdigit():
                entry.value = district_name(entry.value) or entry.value
            items.append(entry)
        shown.append((paper, items))
    return shown

