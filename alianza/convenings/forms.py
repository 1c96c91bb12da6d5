"""The public registration form: the registrant's details and the event's own questions."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alianza.coalition.forms import HoneypotMixin
from alianza.convenings.models import Event, Question, Registration
from alianza.core.email_address import EmailAddressField

UPDATES_LABEL = _("Send me email updates from the coalition")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def updates_wording(language: str) -> str:
    """The exact words next to the updates box, as the person saw them."""
    with translation.override(language):
        return str(UPDATES_LABEL)


class RegistrationForm(HoneypotMixin):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    email = EmailAddressField(label=_("Email"))
    organization_name = forms.CharField(
        label=_("Organization (optional)"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Which language should we write to you in?"),
        choices=Registration.Language.choices, widget=forms.RadioSelect)
    needs_interpretation = forms.BooleanField(
        label=_("I need interpretation"), required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"), required=False,
        help_text=_("Tell us anything that would help you take part fully."),
        widget=forms.Textarea(attrs={"rows": 3}), validators=[MaxLengthValidator(2000)])
    wants_updates = forms.BooleanField(
        label=UPDATES_LABEL, required=False,
        help_text=_("Optional. We will email you a link to confirm first. Registering does "
                    "not sign you up for anything else."))

    def __init__(self, *args, event: Event, reader_language: str, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "language", "es" if reader_language.startswith("es") else "en")
        super().__init__(*args, **kwargs)
        self.event = event
        self.reader_language = reader_language
        self.questions = list(event.questions.all())
        if not event.interpretation_codes:
            del self.fields["needs_interpretation"]
        for question in self.questions:
            self.fields[self.question_field(question)] = self._question_field(question)
        # The honeypot last, out of the way of the tab order.
        self.fields["website_url"] = self.fields.pop("website_url")

    @staticmethod
    def question_field(question: Question) -> str:
        return f"question_{question.pk}"

    def _question_field(self, question: Question) -> forms.Field:
        label = question.label_in(self.reader_language)
        if question.kind == Question.Kind.CHOICE:
            shown = question.choice_list(self.reader_language)
            stored = question.choice_list("en")
            choices = [("", _("Choose one"))] if not question.required else []
            choices += list(zip(stored, shown, strict=False))
            return forms.ChoiceField(label=label, required=question.required,
                                     choices=choices, widget=forms.RadioSelect
                                     if len(choices) <= 5 and question.required
                                     else forms.Select)
        if question.kind == Question.Kind.YES_NO:
            return forms.ChoiceField(label=label, required=question.required,
                                     choices=YES_NO, widget=forms.RadioSelect)
        return forms.CharField(label=label, required=question.required, max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    @property
    def question_fields(self) -> list:
        return [self[self.question_field(q)] for q in self.questions]

    def answers(self) -> dict[str, str]:
        """{question id: answer}; a choice is stored as its English wording."""
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_field(question))
            if value not in (None, ""):
                found[str(question.pk)] = value
        return found
