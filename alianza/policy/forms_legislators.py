"""Forms of the legislator pages: the public search and district finder, staff contacts."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alianza.policy.models import Chamber, Office, OfficeContact


class LegislatorSearchForm(forms.Form):
    chamber = forms.ChoiceField(
        label=_("Chamber"), required=False,
        choices=[("", _("Both houses")), (Chamber.LOWER, _("Assembly")),
                 (Chamber.UPPER, _("Senate"))])
    q = forms.CharField(label=_("Name or district number"), required=False, max_length=100)


class FindMyLegislatorsForm(forms.Form):
    assembly = forms.IntegerField(
        label=_("Your Assembly district"), required=False, min_value=1, max_value=80,
        help_text=_("A number from 1 to 80."),
        error_messages={"min_value": _("Assembly districts are numbered 1 to 80."),
                        "max_value": _("Assembly districts are numbered 1 to 80."),
                        "invalid": _("Enter the district's number, such as 52.")})
    senate = forms.IntegerField(
        label=_("Your Senate district"), required=False, min_value=1, max_value=40,
        help_text=_("A number from 1 to 40."),
        error_messages={"min_value": _("Senate districts are numbered 1 to 40."),
                        "max_value": _("Senate districts are numbered 1 to 40."),
                        "invalid": _("Enter the district's number, such as 26.")})

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("assembly") is None and data.get("senate") is None:
            raise forms.ValidationError(
                _("Enter your Assembly district, your Senate district, or both."))
        return data


class OfficeContactForm(forms.ModelForm):
    class Meta:
        model = OfficeContact
        fields = ["name", "role", "office", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, legislator, **kwargs):
        super().__init__(*args, **kwargs)
        office = self.fields["office"]
        office.queryset = Office.objects.filter(legislator=legislator)
        office.label_from_instance = _office_label
        office.required = False
        office.empty_label = _("Not a particular office")
        office.label = _("Office")


def _office_label(office: Office) -> str:
    return f"{office.get_kind_display()}: {office.address}" if office.address else str(
        office.get_kind_display())


class LetterLanguageForm(forms.Form):
    letter_language = forms.ChoiceField(label=_("Language for letters"),
                                        choices=settings.LANGUAGES)
