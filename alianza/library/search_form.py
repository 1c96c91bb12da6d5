"""The library index's GET parameters, checked: shareable URLs, clear messages for bad dates."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from alianza.library.models import Kind
from alianza.library.selectors import LANGUAGE_CODES, Filters

DATE_EXAMPLE = datetime.date(2024, 6, 17)


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False,
        error_messages={"invalid": _("Enter a date like %(example)s.")},
    )


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=200)
    kind = forms.MultipleChoiceField(label=_("Kind"), required=False, choices=Kind.choices)
    topic = forms.MultipleChoiceField(label=_("Topic"), required=False)
    audience = forms.MultipleChoiceField(label=_("Audience"), required=False)
    language = forms.MultipleChoiceField(
        label=_("Language"), required=False,
        choices=[("en", _("English")), ("es", _("Spanish"))])
    organization = forms.TypedMultipleChoiceField(
        label=_("Partner organization"), required=False, coerce=int)
    date_from = _date_field(_("Published from"))
    date_to = _date_field(_("Published until"))
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data, *, topics=(), audiences=(), organizations=()) -> None:
        super().__init__(data)
        self.fields["topic"].choices = [(slug, slug) for slug in topics]
        self.fields["audience"].choices = [(slug, slug) for slug in audiences]
        self.fields["organization"].choices = [(str(pk), str(pk)) for pk in organizations]
        for name in ("date_from", "date_to"):
            field = self.fields[name]
            field.error_messages["invalid"] = field.error_messages["invalid"] % {
                "example": self.date_example}

    @property
    def date_example(self) -> str:
        # The reader's own format first: 06/17/2024 in English, 17/06/2024 in Spanish.
        return DATE_EXAMPLE.strftime(get_format("DATE_INPUT_FORMATS")[0]
                                     if get_format("DATE_INPUT_FORMATS")[0] != "%Y-%m-%d"
                                     else "%m/%d/%Y")

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> Filters:
        """What was valid; a field with an error is left out rather than refusing the page."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return Filters(
            query=data.get("q") or "",
            kinds=data.get("kind") or [],
            topics=data.get("topic") or [],
            audiences=data.get("audience") or [],
            languages=[code for code in data.get("language") or [] if code in LANGUAGE_CODES],
            organizations=data.get("organization") or [],
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
