"""Forms for the partners page: one partner, and partners from the coalition's members."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.coalition.models import Organization
from alianza.listening.models import Partner


class PartnerForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("partner", "Name"), max_length=200, required=False,
        help_text=_("Leave empty to use the organization's name."))
    organization = forms.ModelChoiceField(
        label=_("Coalition organization"), required=False,
        queryset=Organization.objects.order_by("name"),
        empty_label=_("None (not in the coalition's records)"),
        help_text=_("Optional: link the partner to an organization the coalition knows."))

    def __init__(self, *args, partner: Partner | None = None, **kwargs) -> None:
        if partner is not None:
            kwargs.setdefault("initial", {"name": partner.name,
                                          "organization": partner.organization_id})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("name") or "").strip() and not data.get("organization"):
            raise forms.ValidationError(_("Give the partner a name or choose an organization."),
                                        code="empty")
        return data


class MembersForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Member organizations"), queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one organization.")})

    def __init__(self, *args, queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = queryset
