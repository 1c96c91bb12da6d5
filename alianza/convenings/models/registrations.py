"""Registrations for events, and the reminders sent to them."""

from __future__ import annotations

import secrets
import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import Organization, Person

from .events import Event


def new_token() -> str:
    return secrets.token_urlsafe(32)


# Walk-ins were never asked for an address nor agreed to be written to, and one who gave
# no address is stored under the reserved ``.invalid`` top-level domain (RFC 6761), as are
# erased registrations: none of them is ever emailed.
UNDELIVERABLE_SUFFIX = ".invalid"


class RegistrationQuerySet(models.QuerySet):
    def emailable(self) -> RegistrationQuerySet:
        """Registrations that may be emailed; the same rule as ``Registration.is_emailable``."""
        return self.filter(is_walk_in=False).exclude(email__iendswith=UNDELIVERABLE_SUFFIX)


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Language(models.TextChoices):
        EN = "en", "English"
        ES = "es", "Español"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    # Erasing a person keeps the seat count right: the row stays, its details are blanked.
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    organization = models.ForeignKey(Organization, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="registrations")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices,
                                default=Language.EN)
    needs_interpretation = models.BooleanField(_("needs interpretation"), default=False)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.CONFIRMED, db_index=True)
    # Order of joining the waitlist; never reused within an event, so it doubles as proof
    # that nobody was skipped (the unique constraint below).
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True,
                                                    blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    wants_updates = models.BooleanField(_("asked for email updates"), default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    attended_at = models.DateTimeField(_("attended at"), null=True, blank=True)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    # When the registrant was last emailed about this registration: the per-address
    # throttle for repeat submissions.
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    # The registration's identifier and modified date in the API (an "attendance").
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)
    external_identifiers = GenericRelation("core.ExternalIdentifier")  # deleted with the row

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], condition=~Q(status="cancelled"),
                name="one_live_registration_per_address",
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="waitlist_position_unique",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self) -> str:
        return f"{self.email} → {self.event.slug} ({self.status})"

    @property
    def is_emailable(self) -> bool:
        """Whether any email may go to this registration (see ``UNDELIVERABLE_SUFFIX``)."""
        return not self.is_walk_in and not self.email.lower().endswith(UNDELIVERABLE_SUFFIX)


class ReminderSent(models.Model):
    """A reminder queued for one registration: each reminder is sent once."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    # Set by the task that queues the email, so a task run twice sends one email.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "days_before"],
                                    name="one_reminder_per_registration_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} −{self.days_before}d"
