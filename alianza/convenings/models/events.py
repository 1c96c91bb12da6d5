"""Events and what is said about them, in each language."""

from __future__ import annotations

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.coalition.models import LANGUAGE_TAG_LENGTH, Organization


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone name (such as America/Los_Angeles)."),
            params={"value": value}, code="invalid",
        ) from None


def validate_language_codes(value: str) -> None:
    codes = [code.strip() for code in (value or "").split(",") if code.strip()]
    if any(not code.replace("-", "").isalpha() or len(code) > 8 for code in codes):
        raise ValidationError(
            _("List language codes separated by commas, such as “en,es”."), code="invalid"
        )


# Paths under /events/ that are pages of their own, not events.
RESERVED_SLUGS = frozenset({"past", "r", "staff", "calendar"})


class Event(models.Model):
    class Kind(models.TextChoices):
        CONVENING = "convening", _("Convening")
        WEBINAR = "webinar", _("Webinar")
        WORKSHOP = "workshop", _("Workshop")
        BRIEFING = "briefing", _("Legislative briefing")
        COMMUNITY = "community", _("Community meeting")
        DELEGATION = "delegation", _("Delegation")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices,
                            default=Kind.CONVENING)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Los_Angeles",
                                 validators=[validate_time_zone])
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(
        _("online link"), max_length=500, blank=True,
        help_text=_("Shown only to confirmed registrants, in their emails and calendar file."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True,
                                                 blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True,
                                                 blank=True)
    languages_offered = models.CharField(
        _("languages offered"), max_length=100, default="en,es",
        validators=[validate_language_codes],
        help_text=_("Language codes separated by commas, such as “en,es”."),
    )
    interpretation = models.CharField(
        _("interpretation into"), max_length=100, blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes interpretation is offered into, such as “es”."),
    )
    hosts = models.ManyToManyField(Organization, blank=True, related_name="hosted_events",
                                   verbose_name=_("hosts"))
    # Recordings, slides and notes, shown with the event once it is over.
    resources = models.ManyToManyField("library.Resource", blank=True, related_name="events",
                                       verbose_name=_("recordings, slides and notes"))
    is_published = models.BooleanField(_("published"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # iCalendar: registrants' calendars replace an invitation with the same UID only when
    # its SEQUENCE is higher, so every change people are told about bumps it.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    # The event's identifier in the API ("alianza:<uuid>"); ``updated_at`` is its
    # modified date there.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        permissions = [
            ("check_in", "Can check people in at events"),
            ("export_registrations", "Can export registrations"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                   name="event_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by another page; "
                                             "choose another slug.")})

    @property
    def language_codes(self) -> list[str]:
        return [c.strip() for c in self.languages_offered.split(",") if c.strip()]

    @property
    def interpretation_codes(self) -> list[str]:
        return [c.strip() for c in self.interpretation.split(",") if c.strip()]

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("America/Los_Angeles")

    @property
    def is_online_only(self) -> bool:
        return not self.venue_name and not self.address


class EventText(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    # In context: "title" alone is also a person's job title ("cargo") in Spanish.
    title = models.CharField(pgettext_lazy("event", "title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    childcare = models.TextField(_("childcare notes"), blank=True)

    class Meta:
        verbose_name = _("event text")
        verbose_name_plural = _("event texts")
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="event_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes or no")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    label = models.CharField(_("question (English)"), max_length=300)
    label_es = models.CharField(_("question (Spanish)"), max_length=300, blank=True)
    choices = models.TextField(_("choices (English, one per line)"), blank=True)
    choices_es = models.TextField(_("choices (Spanish, one per line)"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.kind == self.Kind.CHOICE and not self.choice_list("en"):
            raise ValidationError({"choices": _("A choice question needs choices.")})
        if (self.choices_es.strip() and
                len(self.choice_list("es")) != len(self.choice_list("en"))):
            raise ValidationError(
                {"choices_es": _("Give as many Spanish choices as English ones.")}
            )

    def label_in(self, language: str) -> str:
        return self.label_es if language == "es" and self.label_es else self.label

    def choice_list(self, language: str) -> list[str]:
        """The choices in ``language`` (falling back to English), in the same order in both
        languages, so an answer is stored as its English choice whatever the form showed."""
        text = self.choices_es if language == "es" and self.choices_es.strip() else self.choices
        return [line.strip() for line in text.splitlines() if line.strip()]
