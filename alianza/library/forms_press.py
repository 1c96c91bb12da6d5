"""The press room's date range: typed dates in the reader's convention, or ISO dates."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(text: str, language: str | None = None) -> datetime.date:
    """``YYYY-MM-DD`` (what ``<input type=date>`` sends) in any language; otherwise
    MM/DD/YYYY in English and DD/MM/YYYY in Spanish. Raises ValueError."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    if match := _SLASHED.fullmatch(text):
        first, second, year = (int(part) for part in match.groups())
        spanish = (language or get_language() or "en").startswith("es")
        day, month = (first, second) if spanish else (second, first)
        return datetime.date(year, month, day)
    raise ValueError(text)


class DateText(forms.Field):
    """A date typed as text; ``<input type=date>`` sends ISO, people type their own way."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> datetime.date | None:
        text = str(value or "").strip()[:40]
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a date. Type it like this: %(example)s."),
                code="invalid_date",
                params={"value": text[:20], "example": _("06/17/2024")},
            ) from None


class PressFilterForm(forms.Form):
    start = DateText(label=pgettext_lazy("date range", "From"), help_text=_("E.g., 06/17/2024"))
    end = DateText(label=pgettext_lazy("date range", "To"), help_text=_("E.g., 06/17/2024"))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data
