"""The form that makes an API token: a name and, per family, no access, read or write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.core.osdi.tokens import ALL_SCOPES, FAMILIES, family_permissions

ACCESS_CHOICES = [
    ("", pgettext_lazy("API access", "None")),
    ("read", pgettext_lazy("API access", "Read")),
    ("write", pgettext_lazy("API access", "Read and write")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “Action Network sync”."))
    all_scopes = forms.BooleanField(
        label=_("Everything: read and write every kind of resource"), required=False,
        help_text=_("As far as your role allows: a token never opens more than you may do "
                    "on these pages."))

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for family, label in FAMILIES.items():
            # A token opens no more than its user's role: offer only what the role opens.
            choices = ACCESS_CHOICES
            help_text = ""
            if user is not None:
                if not user.has_perms(family_permissions(family, write=False)):
                    choices, help_text = ACCESS_CHOICES[:1], _("Your role does not open these.")
                elif not user.has_perms(family_permissions(family, write=True)):
                    choices, help_text = ACCESS_CHOICES[:2], _("Your role may only read these.")
            self.fields[f"scope_{family}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, help_text=help_text)

    def scope_fields(self) -> list:
        return [self[f"scope_{family}"] for family in FAMILIES]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("all_scopes"):
            data["scopes"] = [ALL_SCOPES]
        else:
            data["scopes"] = [f"{family}:{data[f'scope_{family}']}" for family in FAMILIES
                              if data.get(f"scope_{family}")]
        if not data["scopes"]:
            raise forms.ValidationError(_("Give the token access to at least one kind of "
                                          "resource."))
        return data


class RevokeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, revoke this token: programs using it stop working at once"))
