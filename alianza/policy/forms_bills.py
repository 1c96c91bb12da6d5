"""Forms of the bill tracker: the public filters, and the staff pages (search, a bill by
hand, its settings and texts, manual actions and hearings, positions, alert choices)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import Workgroup
from alianza.policy.models import (
    BillStatus,
    Chamber,
    Committee,
    Frequency,
    IssueArea,
    LegislativeSession,
    Stance,
)

DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _blank(label) -> list[tuple[str, object]]:
    return [("", label)]


class BillFilterForm(forms.Form):
    """The public list's filters, read from the address so a filtered list can be shared.
    A value that is not one of the choices is reported and left out, never an error page."""

    session = forms.CharField(label=_("Session"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Status"), required=False)
    position = forms.ChoiceField(label=_("Our position"), required=False)
    issue = forms.ChoiceField(label=_("Issue area"), required=False)

    def __init__(self, *args, sessions: list[LegislativeSession], issue_areas: list,
                 language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].widget = forms.Select(
            choices=[(s.identifier, s.label) for s in sessions])
        self.fields["status"].choices = _blank(_("Any status")) + list(BillStatus.choices)
        self.fields["position"].choices = _blank(_("Any position")) + list(Stance.choices)
        self.fields["issue"].choices = _blank(_("Any issue area")) + [
            (area.slug, area.name_es if language == "es" and area.name_es else area.name)
            for area in issue_areas]

    def value(self, name: str) -> str:
        """The field's value if valid, else "" (the filter is then not applied)."""
        if name in self.errors:
            return ""
        return (self.cleaned_data.get(name) or "") if hasattr(self, "cleaned_data") else ""


class WorkgroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Workgroup) -> str:
        from alianza.policy.selectors.tracker_staff import workgroup_name

        return workgroup_name(obj)


class IssueAreasField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: IssueArea) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("es") and obj.name_es:
            return obj.name_es
        return obj.name


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LegislativeSession) -> str:
        return obj.name


class StaffBillSearchForm(forms.Form):
    q = forms.CharField(label=_("Bill number or words of its title"), required=False,
                        max_length=100)
    session = SessionChoiceField(label=_("Session"), required=False,
                                 queryset=LegislativeSession.objects.all(),
                                 empty_label=_("All sessions"))
    tracked = forms.ChoiceField(label=_("Tracked"), required=False, choices=[
        ("", _("Tracked or not")), ("yes", _("Tracked only")), ("no", _("Not tracked"))])


class BillCreateForm(forms.Form):
    session = SessionChoiceField(label=_("Session"), queryset=LegislativeSession.objects.all())
    identifier = forms.CharField(
        label=_("Bill number"), max_length=60,
        help_text=_("As you like: AB 1947, AB1947, A.B. 1947 or Assembly Bill 1947."))
    title = forms.CharField(
        label=_("Official title"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. If you leave it empty, the next import fills it in."))


class BillEditForm(forms.Form):
    is_tracked = forms.BooleanField(
        label=_("Tracked: listed on the public page, and followers get alerts"),
        required=False)
    workgroup = WorkgroupChoiceField(label=_("Owning workgroup"), required=False,
                                     queryset=Workgroup.objects.prefetch_related("texts"),
                                     empty_label=_("No workgroup"))
    issue_areas = IssueAreasField(label=_("Issue areas"), required=False,
                                  queryset=IssueArea.objects.all())
    title = forms.CharField(
        label=_("Official title"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Correct it only if the feed is wrong: a corrected field is no longer "
                    "replaced by imports; a different value in the feed is shown to you as a "
                    "conflict."))
    abstract = forms.CharField(label=_("Official abstract"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))
    short_title_en = forms.CharField(label=_("Plain-language title"), required=False,
                                     max_length=300)
    summary_en = forms.CharField(label=_("Plain-language summary"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}))
    short_title_es = forms.CharField(label=_("Plain-language title"), required=False,
                                     max_length=300)
    summary_es = forms.CharField(label=_("Plain-language summary"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}))

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {code: (data[f"short_title_{code}"], data[f"summary_{code}"])
                for code in ("en", "es")}


class ActionForm(forms.Form):
    date = forms.DateField(label=_("Date"), input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    description = forms.CharField(label=_("What happened"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    chamber = forms.ChoiceField(label=_("Chamber"), required=False,
                                choices=_blank(_("Not said")) + list(Chamber.choices))
    organization = forms.CharField(label=_("Committee or body"), required=False,
                                   max_length=200)

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("An action cannot be dated in the future. For a "
                                          "coming hearing, add a hearing instead."))
        return date


class HearingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time such as 2024-06-19 13:30.")})
    committee = forms.ModelChoiceField(label=_("Committee"), required=False,
                                       queryset=Committee.objects.all(),
                                       empty_label=_("Not in the list"))
    body = forms.CharField(label=_("Committee or body, if not in the list"), required=False,
                           max_length=200)
    location = forms.CharField(label=_("Place"), required=False, max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not data.get("committee") and not (data.get("body") or "").strip():
            self.add_error("body", _("Name the committee or body holding the hearing."))
        return data


class PositionForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=Stance.choices,
                                 widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Why (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public bill page with the position, and kept in its "
                    "history."))
    note_es = forms.CharField(label=_("Why (Spanish)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AlertFrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Email me about tracked bills"),
                                  choices=Frequency.choices, widget=forms.RadioSelect)
