"""The public action alert form, in two steps that work without JavaScript.

Step 1 asks who the supporter is and where they vote: a district from each list, or a ZIP
code matched against the coalition's ZIP file. Step 2 carries step 1 along in hidden
fields and holds one letter per legislator, filled in from the campaign's template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alianza.coalition.forms import HoneypotMixin
from alianza.core.email_address import EmailAddressField
from alianza.policy.letters import district_label, legislator_title
from alianza.policy.models import ActionCampaign, Chamber
from alianza.policy.models.actions import DISTRICT_COUNTS
from alianza.policy.selectors.actions import Seat, seat_holder, zip_districts
from alianza.policy.services.actions import MAX_BODY, body_check

UPDATES_LABEL = _("Send me email updates from the coalition")
ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$")
# California's ZIP codes all start with 90 to 96.
CALIFORNIA_ZIP = re.compile(r"^9[0-6]")
FIELD_FOR = {Chamber.LOWER: "assembly_district", Chamber.UPPER: "senate_district"}
BODY_FOR = {Chamber.LOWER: "body_lower", Chamber.UPPER: "body_upper"}


def updates_wording(language: str) -> str:
    """The exact words next to the updates box, as the supporter saw them."""
    with translation.override(language):
        return str(UPDATES_LABEL)


def _district_choices(chamber: str) -> list[tuple[str, str]]:
    blank = _("Choose your Assembly district") if chamber == Chamber.LOWER else _(
        "Choose your Senate district")
    return [("", blank)] + [(str(n), str(n)) for n in range(1, DISTRICT_COUNTS[chamber] + 1)]


class DistrictsForm(HoneypotMixin):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    email = EmailAddressField(label=_("Email"))
    city = forms.CharField(label=_("City (optional)"), max_length=100, required=False,
                           help_text=_("Your city is written under your name on the letter."))
    zip_code = forms.CharField(
        label=_("ZIP code (optional)"), max_length=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        help_text=_("We can find your districts from your ZIP code."))
    assembly_district = forms.ChoiceField(
        label=_("Your Assembly district"), required=False,
        choices=lambda: _district_choices(Chamber.LOWER))
    senate_district = forms.ChoiceField(
        label=_("Your Senate district"), required=False,
        choices=lambda: _district_choices(Chamber.UPPER))

    def __init__(self, *args, campaign: ActionCampaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.chambers = campaign.chambers
        for chamber, name in FIELD_FOR.items():
            if chamber not in self.chambers:
                del self.fields[name]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        # The districts found so far, and the chambers where the ZIP code matched several.
        self.districts: dict[str, int] = {}
        self.several: dict[str, list[int]] = {}

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data["city"].split())

    def clean_zip_code(self) -> str:
        value = self.cleaned_data["zip_code"].strip()
        if not value:
            return ""
        match = ZIP.match(value)
        if not match:
            raise forms.ValidationError(_("Enter a ZIP code of five digits, such as 95814."),
                                        code="invalid")
        if not CALIFORNIA_ZIP.match(match.group(1)):
            raise forms.ValidationError(
                _("%(zip)s is not a California ZIP code. Check it, or choose your districts "
                  "from the lists.") % {"zip": match.group(1)}, code="not_california")
        return match.group(1)

    def clean(self) -> dict:
        data = super().clean()
        if "zip_code" in self.errors:
            return data
        zip_code = data.get("zip_code", "")
        matches = zip_districts(zip_code) if zip_code else {}
        for chamber in self.chambers:
            name = FIELD_FOR[chamber]
            if data.get(name):
                self.districts[chamber] = int(data[name])
                continue
            found = matches.get(chamber, [])
            if len(found) == 1:
                self.districts[chamber] = found[0]
                self._show_chosen(name, found[0])
            elif found:
                self.several[chamber] = found
            elif zip_code:
                self.add_error(name, self._not_found(chamber, zip_code))
            else:
                self.add_error(name, _("Choose your district from the list, or enter your ZIP "
                                       "code.") if chamber == Chamber.LOWER else
                               _("Choose your Senate district from the list, or enter your "
                                 "ZIP code."))
        language = translation.get_language()
        for chamber, numbers in self.several.items():
            # Offered as a short choice in place of the whole list.
            field = self.fields[FIELD_FOR[chamber]]
            field.choices = [(str(n), district_label(chamber, n, language)) for n in numbers]
            field.widget = forms.RadioSelect(choices=field.choices)
        return data

    def _show_chosen(self, name: str, number: int) -> None:
        """Show a district found from the ZIP code as chosen, should the page come back."""
        self.data = self.data.copy()
        self.data[name] = str(number)

    @staticmethod
    def _not_found(chamber: str, zip_code: str) -> str:
        if chamber == Chamber.LOWER:
            return _("We could not find ZIP code %(zip)s in our list of Assembly districts. "
                     "Choose your Assembly district from the list.") % {"zip": zip_code}
        return _("We could not find ZIP code %(zip)s in our list of Senate districts. "
                 "Choose your Senate district from the list.") % {"zip": zip_code}

    @property
    def is_complete(self) -> bool:
        """Every district the campaign needs is known."""
        return all(chamber in self.districts for chamber in self.chambers)

    def district_fields(self) -> list:
        return [self[FIELD_FOR[c]] for c in self.chambers]

    def several_zip(self) -> str:
        return self.cleaned_data.get("zip_code", "") if self.several else ""


class LettersForm(DistrictsForm):
    """Step 2: the same fields, hidden, and the letters. The districts are explicit now."""

    body_lower = forms.CharField(label=_("Your letter"), required=False, strip=False,
                                 max_length=MAX_BODY,
                                 widget=forms.Textarea(attrs={"rows": 14}))
    body_upper = forms.CharField(label=_("Your letter"), required=False, strip=False,
                                 max_length=MAX_BODY,
                                 widget=forms.Textarea(attrs={"rows": 14}))
    wants_updates = forms.BooleanField(
        label=UPDATES_LABEL, required=False,
        help_text=_("Optional. Sending your letter does not sign you up for anything else."))

    def __init__(self, *args, campaign: ActionCampaign, **kwargs) -> None:
        super().__init__(*args, campaign=campaign, **kwargs)
        for chamber, name in BODY_FOR.items():
            if chamber not in self.chambers:
                del self.fields[name]
        self.seats: list[Seat] = []

    def clean(self) -> dict:
        data = super().clean()
        if self.several:  # the districts must have been chosen on step 1
            for chamber in self.several:
                self.add_error(FIELD_FOR[chamber], _("Choose your district."))
        if not self.is_complete:
            return data
        self.seats = [seat_holder(c, self.districts[c]) for c in self.chambers]
        for seat in self.seats:
            if seat.is_vacant:
                continue
            name = BODY_FOR[seat.chamber]
            try:
                data[name] = body_check(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def hidden_step1(self) -> list[forms.BoundField]:
        """Step 1's answers, carried along in hidden fields."""
        return [self[name] for name in ("name", "email", "city", "zip_code")] + \
            self.district_fields()

    def writable_seats(self) -> list[Seat]:
        return [seat for seat in self.seats if not seat.is_vacant]

    def letters_for(self, seats: list[Seat]) -> list[LetterSlot]:
        """Each seat with its letter field (None for a vacant seat), labelled by name."""
        self.seats = seats
        language = translation.get_language()
        found = []
        for seat in seats:
            heading = _("Your Assembly member") if seat.chamber == Chamber.LOWER else _(
                "Your Senator")
            district = district_label(seat.chamber, seat.number, language)
            if seat.is_vacant:
                found.append(LetterSlot(seat, None, heading, district, ""))
                continue
            name = BODY_FOR[seat.chamber]
            title = legislator_title(seat.chamber, seat.legislator.name, language)
            label = _("Your letter to %(name)s") % {"name": title}
            self.fields[name].label = label
            bound = self[name]
            bound.label = label  # validation may have made the bound field already
            found.append(LetterSlot(seat, bound, heading, district, title))
        return found


@dataclass
class LetterSlot:
    """One legislator on step 2: who, where, and the letter to them."""

    seat: Seat
    field: forms.BoundField | None
    heading: str
    district: str
    title: str
