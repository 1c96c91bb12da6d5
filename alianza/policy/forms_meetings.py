"""Forms of the staff meeting pages: the meeting, its delegation, asks and follow-ups."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.policy.models import (
    Bill,
    Legislator,
    Meeting,
    MeetingAttendee,
    MeetingFollowUp,
    Office,
)
from alianza.policy.selectors.meetings import bills_for_meetings, budget_items_for_meetings

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _bill_label(bill: Bill) -> str:
    return f"{bill.identifier} ({bill.session.name}): {bill.title[:80]}"


def _office_label(office: Office) -> str:
    return (f"{office.get_kind_display()}: {office.address}" if office.address
            else str(office.get_kind_display()))


def _user_label(user) -> str:
    return user.get_full_name() or user.get_username()


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "legislator", "office", "status", "purpose", "bills", "budget_items",
                  "office_said", "outcome"]
        widgets = {"date": DATE, "bills": forms.CheckboxSelectMultiple,
                   "budget_items": forms.CheckboxSelectMultiple,
                   "office_said": forms.Textarea(attrs={"rows": 4}),
                   "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, legislator: Legislator | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legislator"].queryset = Legislator.objects.order_by("family_name", "name")
        chosen = self._legislator_id(legislator)
        office = self.fields["office"]
        office.queryset = Office.objects.filter(legislator_id=chosen) if chosen else \
            Office.objects.none()
        office.label_from_instance = _office_label
        office.empty_label = _("Not a particular office")
        if not chosen:
            office.help_text = _("Choose the legislator and save; their offices are then "
                                 "listed here.")
        bills = bills_for_meetings()
        if self.instance.pk:
            bills = bills | Bill.objects.filter(meetings=self.instance)
        self.fields["bills"].queryset = bills.distinct()
        self.fields["bills"].label_from_instance = _bill_label
        self.fields["bills"].help_text = _("The bills the coalition tracks.")
        self.fields["budget_items"].queryset = budget_items_for_meetings()

    def _legislator_id(self, legislator: Legislator | None) -> int | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix("legislator"), "")
            return int(value) if str(value).isdigit() else None
        if legislator is not None:
            self.initial["legislator"] = legislator.pk
            return legislator.pk
        return self.instance.legislator_id if self.instance.pk else None

    def clean(self):
        data = super().clean()
        if (data.get("status") == Meeting.Status.DONE and data.get("date")
                and data["date"] > timezone.localdate()):
            self.add_error("status", _(
                "This meeting's date is in the future, so it cannot be marked as held yet. "
                "Keep it planned, or correct the date."))
        return data


class AttendeeForm(forms.Form):
    email = forms.EmailField(label=_("Email of the person"), required=False,
                             help_text=_("As recorded in the coalition's people."))
    role = forms.ChoiceField(label=pgettext_lazy("meeting attendee", "Role"),
                             choices=MeetingAttendee.Role.choices,
                             initial=MeetingAttendee.Role.MEMBER)

    def clean(self):
        from alianza.coalition.services.people import person_find

        data = super().clean()
        email = data.get("email")
        self.person = None
        if email:
            self.person = person_find(email=email)
            if self.person is None or self.person.erased_at:
                self.add_error("email", _("No one in the coalition has this address. Add "
                                          "them as a person first, then list them here."))
        return data


class BaseAttendeeFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            person = getattr(form, "person", None)
            if person is None:
                continue
            if person.pk in seen:
                form.add_error("email", _("This person is already listed."))
            seen.add(person.pk)

    def attendees(self) -> list[tuple]:
        return [(form.person, form.cleaned_data["role"]) for form in self.forms
                if getattr(form, "person", None) is not None]


AttendeeFormSet = forms.formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=3)


class AskForm(forms.Form):
    text = forms.CharField(label=_("The ask"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    bill = forms.ModelChoiceField(label=_("Bill"), required=False, queryset=Bill.objects.none())
    budget_item = forms.ModelChoiceField(label=_("Budget item"), required=False,
                                         queryset=budget_items_for_meetings())
    response = forms.CharField(label=_("The office's answer"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, bills=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bill"].queryset = bills if bills is not None else bills_for_meetings()
        self.fields["bill"].label_from_instance = _bill_label

    def clean(self):
        data = super().clean()
        if data.get("text") and bool(data.get("bill")) == bool(data.get("budget_item")):
            self.add_error("bill", _("Choose the one bill or the one budget item this ask is "
                                     "about."))
        elif not data.get("text") and (data.get("bill") or data.get("budget_item")):
            self.add_error("text", _("Write what was asked."))
        return data


class BaseAskFormSet(forms.BaseFormSet):
    def asks(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms
                if form.cleaned_data.get("text")]


AskFormSet = forms.formset_factory(AskForm, formset=BaseAskFormSet, extra=2)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = MeetingFollowUp
        fields = ["description", "due_date", "owner"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = get_user_model().objects.filter(is_staff=True, is_active=True)\
            .order_by("first_name", "username")
        owner.label_from_instance = _user_label


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_(
        "PDF, Word (.docx), PowerPoint (.pptx), PNG, JPEG or WebP."))


class MeetingFilterForm(forms.Form):
    legislator = forms.ModelChoiceField(label=_("Legislator"), required=False,
                                        queryset=Legislator.objects.none())
    bill = forms.ModelChoiceField(label=_("Bill"), required=False, queryset=Bill.objects.none())
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Meeting.Status.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legislator"].queryset = Legislator.objects.filter(
            meetings__isnull=False).distinct().order_by("family_name", "name")
        self.fields["legislator"].empty_label = _("Any legislator")
        bills = Bill.objects.filter(meetings__isnull=False) | Bill.objects.filter(
            meeting_asks__isnull=False)
        self.fields["bill"].queryset = bills.select_related("session").distinct()
        self.fields["bill"].label_from_instance = _bill_label
        self.fields["bill"].empty_label = _("Any bill")
