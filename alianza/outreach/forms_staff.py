"""Forms of the outreach staff pages. Checks of mailing content come from the validation
service, so the composer and the sending engine refuse exactly the same things."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import Workgroup
from alianza.coalition.selectors import workgroup_for_reader
from alianza.core.email_address import email_address_normalize
from alianza.outreach import conf, selectors_staff
from alianza.outreach.models import Mailing, MailingList, Segment
from alianza.outreach.services.rendering import MERGE_FIELDS
from alianza.outreach.services.segments import segment_definition
from alianza.outreach.services.validation import (
    address_problem,
    body_problems,
    display_name_problem,
    subject_problems,
)


def _clean_spaces(value: str) -> str:
    return " ".join((value or "").split())


@dataclass
class LanguageFields:
    """The fields of one language, grouped so the template can put them in a fieldset."""

    code: str
    name: str
    is_default: bool
    fields: list


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


# Lists ----------------------------------------------------------------------------------


class WorkgroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Workgroup) -> str:
        return workgroup_for_reader(obj, size=0).name


class MailingListForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name in links"), max_length=50,
        help_text=_("Lower-case letters, numbers and hyphens, e.g. policy-alerts. It cannot "
                    "be changed later."))
    is_public = forms.BooleanField(
        label=_("Offer this list on the public sign-up page"), required=False)
    workgroup = WorkgroupChoiceField(
        label=_("Workgroup"), required=False, queryset=Workgroup.objects.all(),
        help_text=_("Only if this is a workgroup's own list."))

    def __init__(self, *args, mailing_list: MailingList | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mailing_list = mailing_list
        if mailing_list is not None:
            del self.fields["slug"]
        for code, name in _languages():
            default = code == settings.LANGUAGE_CODE
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": name}, max_length=200,
                required=default, widget=forms.TextInput(attrs={"lang": code}))
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name}, required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                validators=[MaxLengthValidator(2000)],
                help_text=None if default else _("Left blank, readers of this language see "
                                                 "the English name and description."))

    def language_groups(self) -> list[LanguageFields]:
        return [LanguageFields(code, name, code == settings.LANGUAGE_CODE,
                               [self[f"name_{code}"], self[f"description_{code}"]])
                for code, name in _languages()]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if MailingList.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A list with this short name already exists."))
        return slug

    def clean(self) -> dict:
        data = super().clean()
        for code, _name in _languages():
            if data.get(f"description_{code}", "").strip() and not data.get(f"name_{code}"):
                self.add_error(f"name_{code}", _("Give the list a name in this language too."))
        return data

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {code: (_clean_spaces(data.get(f"name_{code}", "")),
                       data.get(f"description_{code}", "")) for code, _name in _languages()}


# Segments -------------------------------------------------------------------------------


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name of the segment"), max_length=200)
    lists = forms.MultipleChoiceField(
        label=_("Subscribers of these lists"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only confirmed subscribers are mailed."))
    tags = forms.MultipleChoiceField(label=_("People with these tags"), required=False,
                                     widget=forms.CheckboxSelectMultiple)
    workgroups = forms.MultipleChoiceField(label=_("Members of these workgroups"),
                                           required=False, widget=forms.CheckboxSelectMultiple)
    member_organizations = forms.BooleanField(
        label=_("Contacts of member organizations"), required=False)
    statements = forms.MultipleChoiceField(
        label=_("Confirmed signatories of these statements"), required=False,
        widget=forms.CheckboxSelectMultiple)
    counties = forms.MultipleChoiceField(
        label=_("Only people in these counties"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Leave all unticked for every county."))
    languages = forms.MultipleChoiceField(
        label=_("Only people who prefer these languages"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every language."))
    # Saved from the staff people list; kept as it is when the segment is edited here.
    people_query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    SOURCES = ("lists", "tags", "workgroups", "member_organizations", "statements",
               "people_query")

    def __init__(self, *args, segment: Segment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.segment = segment
        self.fields["lists"].choices = selectors_staff.list_choices()
        self.fields["tags"].choices = selectors_staff.tag_choices()
        self.fields["workgroups"].choices = selectors_staff.workgroup_choices()
        self.fields["statements"].choices = selectors_staff.statement_choices()
        self.fields["counties"].choices = selectors_staff.county_choices()
        self.fields["languages"].choices = _languages()
        for name in ("tags", "counties"):
            if not self.fields[name].choices:
                del self.fields[name]

    @classmethod
    def initial_from(cls, segment: Segment) -> dict:
        definition = segment.definition or {}
        return {"name": segment.name, **{key: definition.get(key, []) for key in (
            "lists", "tags", "workgroups", "statements", "counties", "languages")},
            "member_organizations": bool(definition.get("member_organizations")),
            "people_query": definition.get("people_query", "")}

    @classmethod
    def initial_from_data(cls, data) -> dict:
        return {"name": data.get("name", ""),
                "member_organizations": bool(data.get("member_organizations")),
                "people_query": data.get("people_query", ""),
                **{key: data.getlist(key) for key in (
                    "lists", "tags", "workgroups", "statements", "counties", "languages")}}

    def clean_name(self) -> str:
        name = _clean_spaces(self.cleaned_data["name"])
        others = Segment.objects.filter(name__iexact=name)
        if self.segment is not None:
            others = others.exclude(pk=self.segment.pk)
        if others.exists():
            raise forms.ValidationError(_("Another segment already has this name."))
        return name

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(key) for key in self.SOURCES):
            raise forms.ValidationError(
                _("Choose at least one group of people: a list, tag, workgroup, member "
                  "organizations' contacts or a statement's signatories."))
        return data

    def has_sources(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(key) for key in self.SOURCES)

    def definition(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return segment_definition(
            lists=data.get("lists", []), tags=data.get("tags", []),
            workgroups=data.get("workgroups", []),
            member_organizations=bool(data.get("member_organizations")),
            statements=data.get("statements", []), counties=data.get("counties", []),
            languages=data.get("languages", []), people_query=data.get("people_query", ""))


# Mailings -------------------------------------------------------------------------------


class SegmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Segment) -> str:
        return obj.name


class MailingForm(forms.Form):
    name = forms.CharField(
        label=_("Internal name"), max_length=200,
        help_text=_("Only staff see this, e.g. “March update 2025”."))
    segment = SegmentChoiceField(
        label=_("Who receives it (segment)"), queryset=Segment.objects.order_by("name"),
        required=False, empty_label=_("Choose later"))
    from_name = forms.CharField(
        label=_("Sender name"), max_length=100, required=False,
        help_text=_("Left blank, the site's name is used."))
    reply_to = forms.CharField(
        label=_("Replies go to"), max_length=254, required=False,
        help_text=_("An email address; left blank, replies go to the coalition's contact "
                    "address."))
    tracking = forms.BooleanField(label=capfirst(Mailing._meta.get_field("tracking").verbose_name),
                                  required=False,
                                  help_text=Mailing._meta.get_field("tracking").help_text)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not conf.tracking_allowed():
            del self.fields["tracking"]
        fields = ", ".join("{{ " + name + " }}" for name in MERGE_FIELDS)
        for code, name in _languages():
            default = code == settings.LANGUAGE_CODE
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name}, max_length=250,
                required=default, strip=False)
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Body (%(language)s)") % {"language": name}, required=default,
                strip=False, widget=forms.Textarea(attrs={
                    "rows": 16, "spellcheck": "true", "lang": code,
                    "class": "markdown-editor", "data-markdown-editor": code}),
                help_text=_("Written in Markdown; see “How to write” beside the form. Merge "
                            "fields: %(fields)s.") % {"fields": fields} if default else
                _("Optional. Left blank, readers of this language get the English version."))
            self.fields[f"subject_{code}"].widget.attrs["lang"] = code

    @classmethod
    def initial_from(cls, mailing: Mailing) -> dict:
        initial = {"name": mailing.name, "segment": mailing.segment_id,
                   "from_name": mailing.from_name, "reply_to": mailing.reply_to,
                   "tracking": mailing.tracking}
        for content in mailing.contents.all():
            initial[f"subject_{content.language}"] = content.subject
            initial[f"body_{content.language}"] = content.body_markdown or content.html_body
        return initial

    def language_groups(self) -> list[LanguageFields]:
        return [LanguageFields(code, name, code == settings.LANGUAGE_CODE,
                               [self[f"subject_{code}"], self[f"body_{code}"]])
                for code, name in _languages()]

    def clean_name(self) -> str:
        return _clean_spaces(self.cleaned_data["name"])

    def clean_from_name(self) -> str:
        name = self.cleaned_data["from_name"].strip()
        if name and (problem := display_name_problem(name)):
            raise forms.ValidationError(problem)
        return name

    def clean_reply_to(self) -> str:
        address = self.cleaned_data["reply_to"].strip()
        if address and (problem := address_problem(address)):
            raise forms.ValidationError(problem)
        return email_address_normalize(address) if address else ""

    def clean(self) -> dict:
        data = super().clean()
        for code, _name in _languages():
            subject = data.get(f"subject_{code}")
            body = data.get(f"body_{code}")
            if subject is None or body is None:
                continue  # a required field is missing: its own error says so
            if not subject.strip() and not body.strip():
                continue  # this language is simply not written
            for error in subject_problems(language=code, subject=subject):
                self.add_error(f"subject_{code}", error)
            for error in body_problems(language=code, body_markdown=body):
                self.add_error(f"body_{code}", error)
        return data

    def contents(self) -> dict[str, tuple[str, str]]:
        return {code: (self.cleaned_data.get(f"subject_{code}", ""),
                       self.cleaned_data.get(f"body_{code}", ""))
                for code, _name in _languages()}


class SendForm(forms.Form):
    NOW, LATER = "now", "later"
    mode = forms.ChoiceField(
        label=_("When"), widget=forms.RadioSelect,
        choices=[(NOW, _("Send now")), (LATER, _("Send at a date and time"))])
    send_at = forms.DateTimeField(
        label=_("Date and time"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["send_at"].help_text = _("In the coalition's time zone (%(zone)s).") % {
            "zone": timezone.get_current_timezone_name()}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("mode") == self.LATER:
            when = data.get("send_at")
            if when is None and not self.errors.get("send_at"):
                self.add_error("send_at", _("Choose the date and time to send it."))
            elif when is not None and when <= timezone.now():
                self.add_error("send_at", _("Choose a time in the future, or send it now."))
        return data

    def when(self) -> datetime | None:
        return self.cleaned_data["send_at"] if self.cleaned_data["mode"] == self.LATER else None


class ConfirmSendForm(SendForm):
    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# Suppressions ---------------------------------------------------------------------------


class LiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Why may this address be mailed again?"),
        widget=forms.Textarea(attrs={"rows": 3}), validators=[MaxLengthValidator(2000)],
        help_text=_("For example: “The person wrote to us; their mailbox works again.” "
                    "Saved with your name."))

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Write the reason."))
        return reason


class SuppressionAddForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=254)
    detail = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_address(self) -> str:
        address = self.cleaned_data["address"].strip()
        if problem := address_problem(address):
            raise forms.ValidationError(problem)
        return address.lower()
