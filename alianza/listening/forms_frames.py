"""The form staff write one frame of a frame test with: its key, whether it is the control,
and a title and message in each of the survey's languages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.listening.forms_builder import PerLanguageMixin
from alianza.listening.models import Frame, Survey
from alianza.listening.models.surveys import NAME_LENGTH

TITLE_LENGTH = 200
TEXT_LENGTH = 4000  # a frame is a short message read on a phone, not an article


class FrameForm(PerLanguageMixin, forms.Form):
    key = forms.SlugField(
        label=pgettext_lazy("frame", "Key"), max_length=NAME_LENGTH,
        help_text=_("A short name for the results and exports, e.g. “opportunity”: letters, "
                    "numbers, hyphens and underscores."))
    is_control = forms.BooleanField(
        label=_("This is the control frame"), required=False,
        help_text=_("The neutral message the others are compared with. A test has at most "
                    "one."))

    def __init__(self, *args, survey: Survey, frame: Frame | None = None, **kwargs) -> None:
        if frame is not None:
            kwargs.setdefault("initial", {
                "key": frame.key, "is_control": frame.is_control,
                **self.initial_texts("title", frame.title),
                **self.initial_texts("text", frame.text)})
        super().__init__(*args, **kwargs)
        self.survey, self.frame = survey, frame
        self.languages = list(survey.languages)
        self.add_texts("title", pgettext_lazy("frame", "Title (%(language)s)"), self.languages,
                       max_length=TITLE_LENGTH)
        self.add_texts("text", _("Message (%(language)s)"), self.languages, long=True,
                       max_length=TEXT_LENGTH)
        for code in self.languages:
            self.fields[f"text_{code}"].widget.attrs["rows"] = 6

    def text_groups(self) -> list[tuple[str, str, list]]:
        return self.language_groups(("title", "text"), self.languages)

    def clean(self) -> dict:
        data = super().clean()
        # Some wording is needed to show anyone; missing languages are flagged on the list
        # and fall back to English, as questions do while a draft is being translated.
        if not any(self.texts("text", self.languages)):
            raise forms.ValidationError(_("Write the message in at least one language."))
        return data

    def service_fields(self) -> dict:
        return {"key": self.cleaned_data["key"], "is_control": self.cleaned_data["is_control"],
                "title": self.texts("title", self.languages),
                "text": self.texts("text", self.languages)}
