"""Staff forms for action alerts: the campaign editor (texts per language) and the ZIP file."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.policy.letters import PLACEHOLDERS, unknown_placeholders
from alianza.policy.models import ActionCampaign, Bill, BudgetItem

TEXT_FIELDS = ("title", "call_to_action", "letter_subject", "letter_template")
MAX_ZIP_FILE = 5 * 1024 * 1024  # a whole state's ZIP codes take a few hundred kilobytes


def _placeholders_help() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


@dataclass
class LanguageFields:
    code: str
    name: str
    is_default: bool
    fields: list


class BillField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Bill) -> str:
        return f"{obj.identifier} ({obj.session.identifier}) · {obj.title[:80]}"


class CampaignForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name in links"), max_length=80,
        help_text=_("Lower-case letters, numbers and hyphens, e.g. ab-2268-letters."))
    bill = BillField(label=_("Bill"), required=False, queryset=Bill.objects.none(),
                     help_text=_("The bills the coalition tracks are listed."))
    budget_item = forms.ModelChoiceField(label=_("Budget item"), required=False,
                                         queryset=BudgetItem.objects.all())
    targets = forms.ChoiceField(label=_("Write to"), choices=ActionCampaign.Targets.choices,
                                widget=forms.RadioSelect, initial=ActionCampaign.Targets.BOTH)
    delivery = forms.ChoiceField(label=_("Delivery"), choices=ActionCampaign.Delivery.choices,
                                 widget=forms.RadioSelect,
                                 initial=ActionCampaign.Delivery.EMAIL)
    is_live = forms.BooleanField(label=_("Live: the public page takes letters"),
                                 required=False)
    show_count = forms.BooleanField(
        label=_("Show the number of people who wrote on the public page"), required=False)

    def __init__(self, *args, campaign: ActionCampaign | None = None, **kwargs) -> None:
        if campaign is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(campaign)
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        current = campaign.bill_id if campaign else None
        self.fields["bill"].queryset = Bill.objects.filter(
            Q(is_tracked=True) | Q(pk=current)).select_related("session").order_by(
            "-session__identifier", "identifier")
        self.language_groups: list[LanguageFields] = []
        for code, name in settings.LANGUAGES:
            is_default = code == settings.LANGUAGE_CODE
            group = []
            for field in TEXT_FIELDS:
                self.fields[f"{field}_{code}"] = self._text_field(field, is_default)
                group.append(self[f"{field}_{code}"])
            self.language_groups.append(LanguageFields(code, str(name), is_default, group))

    @staticmethod
    def _text_field(field: str, required: bool) -> forms.Field:
        placeholders = _("You can use %(names)s.") % {"names": _placeholders_help()}
        if field == "title":
            return forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200,
                                   required=required)
        if field == "call_to_action":
            return forms.CharField(label=_("Call to action"), required=required,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("Why write now, in a few sentences."))
        if field == "letter_subject":
            return forms.CharField(label=_("Letter subject"), max_length=200,
                                   required=required, help_text=placeholders)
        return forms.CharField(
            label=_("Letter"), required=required, widget=forms.Textarea(attrs={"rows": 12}),
            help_text=_("The letter supporters start from; they may change it. "
                        "%(placeholders)s") % {"placeholders": placeholders})

    @staticmethod
    def initial_for(campaign: ActionCampaign) -> dict:
        initial = {"slug": campaign.slug, "bill": campaign.bill_id,
                   "budget_item": campaign.budget_item_id, "targets": campaign.targets,
                   "delivery": campaign.delivery, "is_live": campaign.is_live,
                   "show_count": campaign.show_count}
        for text in campaign.texts.all():
            for field in TEXT_FIELDS:
                initial[f"{field}_{text.language}"] = getattr(text, field)
        return initial

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        taken = ActionCampaign.objects.filter(slug=slug)
        if self.campaign is not None:
            taken = taken.exclude(pk=self.campaign.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another action alert uses this short name."))
        return slug

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("bill") and not data.get("budget_item"):
            self.add_error("bill", _("Choose the bill or the budget item this action is about."))
        for code, _name in settings.LANGUAGES:
            values = {f: (data.get(f"{f}_{code}") or "").strip() for f in TEXT_FIELDS}
            if code != settings.LANGUAGE_CODE and any(values.values()):
                for field, value in values.items():
                    if not value and f"{field}_{code}" not in self.errors:
                        self.add_error(f"{field}_{code}", _(
                            "Fill in every text of this language, or leave them all blank."))
            for field in ("letter_subject", "letter_template"):
                unknown = unknown_placeholders(values[field])
                if unknown:
                    self.add_error(f"{field}_{code}", _(
                        "Unknown placeholder %(unknown)s. You can use %(names)s.") % {
                        "unknown": ", ".join("{" + name + "}" for name in unknown),
                        "names": _placeholders_help()})
        return data

    def texts(self) -> dict[str, dict[str, str]]:
        return {code: {f: self.cleaned_data.get(f"{f}_{code}") or "" for f in TEXT_FIELDS}
                for code, _name in settings.LANGUAGES}

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("slug", "bill", "budget_item", "targets",
                                              "delivery", "is_live", "show_count")}


class ZipFileForm(forms.Form):
    file = forms.FileField(
        label=_("ZIP code file (CSV)"),
        help_text=_("Columns zip, chamber and district (one row per ZIP code and district), "
                    "or zip, assembly_district and senate_district."))
    replace = forms.BooleanField(
        label=_("Replace every ZIP code on file with this file"), required=False,
        help_text=_("Leave unchecked to add this file's ZIP codes to those already on file."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ZIP_FILE:
            raise forms.ValidationError(_("The file is larger than 5 MB; a ZIP code file is "
                                          "far smaller. Check that it is the right file."))
        return upload
