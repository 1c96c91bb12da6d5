"""Forms for uploading a contact file and mapping its columns to fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.coalition.imports import fields
from alianza.coalition.models import ContactImport

WORDING = "consent_wording_default"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"), choices=ContactImport.Kind.choices,
        initial=ContactImport.Kind.PEOPLE, widget=forms.RadioSelect,
    )
    preset = forms.ChoiceField(
        label=_("Exported from"), required=False,
        choices=[("", _("Tell from the columns"))] + ContactImport.Preset.choices,
        help_text=_("Action Network and Mailchimp exports bring their tags and subscription "
                    "status with them."),
    )
    file = forms.FileField(
        label=_("CSV or Excel (.xlsx) file"),
        help_text=_("The first row must hold the column names. Any encoding and comma, "
                    "semicolon or tab separators work."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )


class MappingForm(forms.Form):
    """One choice per field: which column of the file fills it."""

    def __init__(self, *args, contact_import: ContactImport, **kwargs) -> None:
        self.contact_import = contact_import
        initial = {key: str(index) for key, index in contact_import.mapping.items()}
        super().__init__(*args, initial=initial, **kwargs)
        choices = [("", _("— Not imported —"))] + [
            (str(index), name) for index, name in enumerate(contact_import.columns)
        ]
        for field in fields.fields_for(contact_import.kind):
            self.fields[field.key] = forms.TypedChoiceField(
                label=field.label, choices=choices, required=False, coerce=int,
                empty_value=None,
            )
        if contact_import.kind == ContactImport.Kind.PEOPLE:
            self.fields[WORDING] = forms.CharField(
                label=_("Consent wording to record"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=contact_import.options.get("coalition", {}).get("wording", ""),
                help_text=_("Recorded with each consent, unless a column gives the words the "
                            "person agreed to. Say where and how they agreed."),
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        wording = " ".join((cleaned.pop(WORDING, "") or "").split())
        mapping = {key: index for key, index in cleaned.items() if index is not None}
        columns = list(mapping.values())
        if len(columns) != len(set(columns)):
            raise forms.ValidationError(_("Each column can fill only one field."))
        missing = fields.missing_fields(self.contact_import.kind, mapping)
        if missing:
            raise forms.ValidationError(
                _("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)}
            )
        cleaned["mapping"] = mapping
        cleaned["options"] = {"coalition": {"wording": wording}} if wording else {}
        return cleaned
