"""Filling in an action alert's letter template, and the words around a letter.

Templates are written by staff with placeholders in braces ({legislator}, {district},
{supporter_name}, {city}, {bill}). Only those names are replaced, by plain text
substitution: a template is never evaluated (``str.format`` would let a template reach
into attributes, and fail on any other brace).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from alianza.policy.models.legislature import Chamber

PLACEHOLDERS = ("legislator", "district", "supporter_name", "city", "bill")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def unknown_placeholders(text: str) -> list[str]:
    """Names in braces that are not placeholders, in order of appearance, once each."""
    found: list[str] = []
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS and name not in found:
            found.append(name)
    return found


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each known placeholder replaced; anything else left as it is."""
    return _PLACEHOLDER.sub(
        lambda match: values.get(match.group(1), match.group(0)), template)


def district_label(chamber: str, number: int, language: str) -> str:
    """"Assembly District 52" in ``language``."""
    with translation.override(language):
        if chamber == Chamber.UPPER:
            return _("Senate District %(number)s") % {"number": number}
        return _("Assembly District %(number)s") % {"number": number}


def legislator_title(chamber: str, name: str, language: str) -> str:
    """"Assemblymember Jane Doe", "Senator Jane Doe" in ``language``."""
    with translation.override(language):
        if chamber == Chamber.UPPER:
            return _("Senator %(name)s") % {"name": name}
        return _("Assemblymember %(name)s") % {"name": name}


@dataclass(frozen=True)
class LetterValues:
    legislator: str
    chamber: str
    district_number: int
    supporter_name: str
    city: str
    bill: str

    def in_language(self, language: str) -> dict[str, str]:
        """The placeholder values as a letter in ``language`` reads them."""
        with translation.override(language):
            city = self.city or _("my community")
        return {
            "legislator": self.legislator,
            "district": district_label(self.chamber, self.district_number, language),
            "supporter_name": self.supporter_name,
            "city": city,
            "bill": self.bill,
        }
