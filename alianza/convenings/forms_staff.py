"""Forms of the staff event pages: the event editor, its questions, check-in and walk-ins.

Dates are typed in the event's own time zone (the one chosen on the same form), not the
staff member's, so "18:30" means half past six where the event happens.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import Organization
from alianza.convenings.models import Event, Question
from alianza.core.email_address import EmailAddressField

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
DATETIME_FORMATS = [DATETIME_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
# Offered first in the time-zone suggestions; any IANA name is accepted.
COMMON_TIME_ZONES = [
    "America/Los_Angeles", "America/Tijuana", "America/Phoenix", "America/Denver",
    "America/Chicago", "America/Mexico_City", "America/New_York", "America/Anchorage",
    "Pacific/Honolulu", "UTC",
]
TEXT_FIELDS = ("title", "summary", "description", "accessibility", "childcare")


@cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a time zone: the form attaches the event's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)
    input_formats = DATETIME_FORMATS
    default_error_messages = {
        "invalid": _("Enter a date and time such as 2026-03-14 18:30."),
    }

    def to_python(self, value):
        # Django's field attaches the site's zone; the event's is only known in clean().
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            result = timezone.make_naive(result)
        return result

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.strftime(DATETIME_INPUT)
        return value


class HostsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


@dataclass
class LanguageFields:
    """One language's texts, grouped so the template can put them in a fieldset."""

    code: str
    name: str
    is_default: bool
    fields: list


class EventForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name in links"), max_length=80,
        help_text=_("Lower-case letters, numbers and hyphens, e.g. spring-convening-2027. "
                    "It cannot be changed once the event is published."))
    kind = forms.ChoiceField(label=_("Type of event"), choices=Event.Kind.choices)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, initial="America/Los_Angeles",
        help_text=_("Where the event happens; the dates below are in this time zone."),
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}))
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    venue_name = forms.CharField(label=_("Place"), max_length=200, required=False,
                                 help_text=_("Leave blank for an online-only event."))
    address = forms.CharField(label=_("Address"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    online_url = forms.URLField(
        label=_("Online link"), required=False, max_length=500, assume_scheme="https",
        help_text=_("Shown only to confirmed registrants and in their emails."))
    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, min_value=1, max_value=100_000,
        help_text=_("Leave blank for no limit. Raising it gives seats to the waitlist in "
                    "order."))
    registration_opens_at = LocalDateTimeField(label=_("Registration opens"), required=False,
                                               help_text=_("Blank: open now."))
    registration_deadline = LocalDateTimeField(
        label=_("Registration closes"), required=False,
        help_text=_("Blank: open until the event starts."))
    languages_offered = forms.MultipleChoiceField(
        label=_("Languages the event is held in"), widget=forms.CheckboxSelectMultiple,
        choices=_languages)
    interpretation = forms.ChoiceField(
        label=_("Interpretation available into"), required=False,
        choices=lambda: [("", _("No interpretation")), *_languages()])
    hosts = HostsField(label=_("Hosts"), required=False, queryset=Organization.objects.none(),
                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, event: Event | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        if event is not None and event.is_published:
            del self.fields["slug"]
        chosen = list(event.hosts.values_list("pk", flat=True)) if event and event.pk else []
        self.fields["hosts"].queryset = Organization.objects.filter(
            Q(membership_status=Organization.Membership.MEMBER)
            | ~Q(coalition_role="") | Q(pk__in=chosen)).order_by("name")
        for code, name in _languages():
            default = code == settings.LANGUAGE_CODE
            attrs = {"lang": code}
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, max_length=200,
                required=default, widget=forms.TextInput(attrs=attrs))
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary (%(language)s)") % {"language": name}, max_length=500,
                required=False, widget=forms.Textarea(attrs={**attrs, "rows": 2}))
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name}, required=False,
                max_length=10_000, widget=forms.Textarea(attrs={**attrs, "rows": 6}))
            self.fields[f"accessibility_{code}"] = forms.CharField(
                label=_("Accessibility (%(language)s)") % {"language": name}, required=False,
                max_length=2000, widget=forms.Textarea(attrs={**attrs, "rows": 2}),
                help_text=_("Step-free access, captions, quiet room…"))
            self.fields[f"childcare_{code}"] = forms.CharField(
                label=_("Childcare (%(language)s)") % {"language": name}, required=False,
                max_length=2000, widget=forms.Textarea(attrs={**attrs, "rows": 2}))

    @classmethod
    def initial_from(cls, event: Event) -> dict:
        zone = zoneinfo.ZoneInfo(event.time_zone)

        def local(value):
            return value.astimezone(zone).replace(tzinfo=None) if value else None

        initial = {
            "slug": event.slug, "kind": event.kind, "time_zone": event.time_zone,
            "starts_at": local(event.starts_at), "ends_at": local(event.ends_at),
            "venue_name": event.venue_name, "address": event.address,
            "online_url": event.online_url, "capacity": event.capacity,
            "registration_opens_at": local(event.registration_opens_at),
            "registration_deadline": local(event.registration_deadline),
            "languages_offered": [c for c in event.languages_offered.split(",") if c],
            "interpretation": event.interpretation,
            "hosts": list(event.hosts.all()),
        }
        for text in event.texts.all():
            for field in TEXT_FIELDS:
                initial[f"{field}_{text.language}"] = getattr(text, field)
        return initial

    def language_groups(self) -> list[LanguageFields]:
        return [LanguageFields(code, name, code == settings.LANGUAGE_CODE,
                               [self[f"{field}_{code}"] for field in TEXT_FIELDS])
                for code, name in _languages()]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        others = Event.objects.filter(slug=slug)
        if self.event is not None and self.event.pk:
            others = others.exclude(pk=self.event.pk)
        if others.exists():
            raise forms.ValidationError(_("Another event already uses this short name."))
        return slug

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name not in known_time_zones():
            raise forms.ValidationError(
                _("“%(zone)s” is not a time zone we know. Pick one from the list, such as "
                  "America/Los_Angeles."), params={"zone": name})
        return name

    def clean(self) -> dict:
        data = super().clean()
        zone_name = data.get("time_zone")
        if not zone_name:
            return data
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_deadline"):
            if data.get(name) is not None:
                data[name] = data[name].replace(tzinfo=zone)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        opens, deadline = data.get("registration_opens_at"), data.get("registration_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline",
                           _("Registration must close before the event starts."))
        if opens and deadline and opens >= deadline:
            self.add_error("registration_opens_at",
                           _("Registration must open before it closes."))
        if starts and opens and opens >= starts:
            self.add_error("registration_opens_at",
                           _("Registration must open before the event starts."))
        if not (data.get("venue_name") or data.get("address") or data.get("online_url")):
            self.add_error("venue_name", _("Give a place, an address or an online link."))
        for code, _name in _languages():
            has_text = any(data.get(f"{field}_{code}", "").strip() for field in TEXT_FIELDS)
            if has_text and not data.get(f"title_{code}", "").strip():
                self.add_error(f"title_{code}", _("Give the event a title in this language "
                                                  "too."))
        return data

    def event_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in (
            "kind", "time_zone", "starts_at", "ends_at", "venue_name", "address", "online_url",
            "capacity", "registration_opens_at", "registration_deadline", "interpretation")}
        fields["languages_offered"] = ",".join(data["languages_offered"])
        if "slug" in data:
            fields["slug"] = data["slug"]
        return fields

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {code: {field: data.get(f"{field}_{code}", "").strip() for field in TEXT_FIELDS}
                for code, _name in _languages()}


class QuestionForm(forms.Form):
    """One question asked at registration, in both languages."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Question (English)"), max_length=300, required=False,
                            widget=forms.TextInput(attrs={"lang": "en"}))
    label_es = forms.CharField(label=_("Question (Spanish)"), max_length=300, required=False,
                               widget=forms.TextInput(attrs={"lang": "es"}))
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices (English)"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        help_text=_("One per line; only for a choice question."))
    choices_es = forms.CharField(
        label=_("Choices (Spanish)"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "es"}),
        help_text=_("In the same order as the English choices."))
    remove = forms.BooleanField(label=_("Remove this question"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("remove") or not self.is_used():
            return data
        if not data.get("label", "").strip():
            self.add_error("label", _("Write the question in English."))
        if data.get("kind") == Question.Kind.CHOICE:
            english = _lines(data.get("choices", ""))
            spanish = _lines(data.get("choices_es", ""))
            if len(english) < 2:
                self.add_error("choices", _("A choice question needs at least two choices."))
            elif spanish and len(spanish) != len(english):
                self.add_error("choices_es", _("Give as many Spanish choices as English ones, "
                                               "in the same order."))
        return data

    def is_used(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("id") or data.get("label", "").strip()
                    or data.get("label_es", "").strip())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=20, absolute_max=20,
                                        validate_max=True)


def question_initial(event: Event | None) -> list[dict]:
    if event is None or not event.pk:
        return []
    return [{"id": q.pk, "label": q.label, "label_es": q.label_es, "kind": q.kind,
             "required": q.required, "choices": q.choices, "choices_es": q.choices_es}
            for q in event.questions.order_by("position", "pk")]


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, email or organization"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = EmailAddressField(label=_("Email"), required=False,
                              help_text=_("Optional. Nothing is sent to this address."))
    organization_name = forms.CharField(label=_("Organization"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language they prefer"), choices=_languages,
                                 widget=forms.RadioSelect)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write the person's name."))
        return name


class CancelEventForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel this event and tell everyone registered"),
        error_messages={"required": _("Tick the box to confirm the cancellation.")})
