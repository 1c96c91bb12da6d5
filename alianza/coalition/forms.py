from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from alianza.coalition import places
from alianza.coalition.models import Organization
from alianza.core.email_address import EmailAddressField


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill every input reveal themselves."""

    website_url = forms.CharField(
        required=False, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website_url"))


class JoinForm(HoneypotMixin):
    ACTIONS = [
        ("sign_individual", _("Sign the statement as an individual")),
        ("sign_organization", _("Sign the statement on behalf of my organization")),
        ("apply_membership", _("Apply for my organization to become a member (non-profits)")),
        ("receive_updates", _("Receive email updates from the coalition")),
    ]

    actions = forms.MultipleChoiceField(
        label=_("How would you like to join the movement? (Check all that apply)"),
        choices=ACTIONS, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one way to join.")},
    )
    name = forms.CharField(label=_("Your full name"), max_length=200)
    email = EmailAddressField(label=_("Email"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    title = forms.CharField(label=_("Title or role (optional)"), max_length=200, required=False)
    organization_name = forms.CharField(
        label=_("Organization"), max_length=200, required=False,
        help_text=_("Needed to sign for an organization or to apply for membership."),
    )
    organization_kind = forms.ChoiceField(
        label=_("Type of organization"), choices=Organization.Kind.choices, required=False,
        initial=Organization.Kind.NONPROFIT,
    )
    organization_website = forms.URLField(
        label=_("Organization website (optional)"), max_length=200, required=False,
        assume_scheme="https",
    )
    county = forms.ChoiceField(
        label=_("County (optional)"), required=False,
        choices=places.county_choices(blank_label=_("Choose your county")),
    )
    mission_alignment = forms.CharField(
        label=_("How does your organization's work align with the coalition's mission?"),
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        validators=[MaxLengthValidator(5000)],
    )
    is_nonprofit = forms.BooleanField(
        label=_("My organization is a non-profit and I may apply on its behalf."),
        required=False,
    )
    listed = forms.BooleanField(
        label=_("List my name, title and organization publicly as a signatory."),
        required=False,
        help_text=_("Optional. If you leave this unchecked, your signature is counted but "
                    "your name is not shown."),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict:
        data = super().clean()
        actions = set(data.get("actions") or [])
        needs_organization = actions & {"sign_organization", "apply_membership"}
        if needs_organization and not data.get("organization_name", "").strip():
            self.add_error("organization_name", _(
                "Please enter your organization's name to sign for it or apply for membership."
            ))
        if "apply_membership" in actions:
            if not data.get("mission_alignment", "").strip():
                self.add_error("mission_alignment", _(
                    "Please tell us briefly how your organization's work aligns with our mission."
                ))
            if not data.get("is_nonprofit"):
                self.add_error("is_nonprofit", _(
                    "Membership is open to non-profit organizations. Please confirm yours is one."
                ))
        return data

    def wording(self, field_name: str) -> str:
        """The exact text the person saw next to a consent, in their language."""
        if field_name == "receive_updates":
            return str(dict(self.ACTIONS)["receive_updates"])
        return str(self.fields[field_name].label)


class WorkgroupSignupForm(HoneypotMixin):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    email = EmailAddressField(label=_("Email"))
    organization_name = forms.CharField(
        label=_("Organization (optional)"), max_length=200, required=False
    )
    note = forms.CharField(
        label=_("What would you like to work on? (optional)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}), validators=[MaxLengthValidator(2000)],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the applicant; required when declining)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}), validators=[MaxLengthValidator(3000)],
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", _("Please give a reason when declining an application."))
        return data
