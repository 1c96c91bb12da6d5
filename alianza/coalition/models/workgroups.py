"""Workgroups and their rosters."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import (
    LANGUAGE_TAG_LENGTH,
    TracksModification,
    modified_at_field,
    public_uuid_field,
)
from .people import Organization, Person


class Workgroup(TracksModification):
    uuid = public_uuid_field()
    slug = models.SlugField(_("slug"), unique=True)
    is_open = models.BooleanField(_("open for sign-up"), default=True)
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_workgroups",
        verbose_name=_("leads"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = modified_at_field()

    class Meta:
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class WorkgroupText(models.Model):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workgroup", "language"], name="workgroup_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class WorkgroupMembershipQuerySet(models.QuerySet):
    def confirmed(self) -> WorkgroupMembershipQuerySet:
        return self.filter(status=WorkgroupMembership.Status.CONFIRMED)

    def pending(self) -> WorkgroupMembershipQuerySet:
        return self.filter(status=WorkgroupMembership.Status.PENDING)


class WorkgroupMembership(TracksModification):
    """A place on a workgroup's roster, counted only once the person confirms by email.

    Until then the row holds what the form said (name, organization, language, note), so
    that an unconfirmed sign-up never changes the person's own record; confirming applies
    those details.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    uuid = public_uuid_field()
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="workgroup_memberships"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_name = models.CharField(_("name given"), max_length=200, blank=True)
    submitted_organization = models.CharField(
        _("organization given"), max_length=200, blank=True
    )
    note = models.TextField(_("what you would like to work on"), blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # When an email about this sign-up last went to the address: repeated submissions
    # within the throttle window send nothing more (services.workgroups).
    emailed_at = models.DateTimeField(null=True, blank=True)
    modified_at = modified_at_field()

    objects = WorkgroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("workgroup membership")
        verbose_name_plural = _("workgroup memberships")
        constraints = [
            models.UniqueConstraint(fields=["workgroup", "person"], name="workgroup_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.workgroup.slug}: {self.person.name}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class WorkgroupMeeting(models.Model):
    """A meeting a lead announces; the next one to come is shown publicly and on the roster."""

    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    place = models.CharField(pgettext_lazy("meeting", "place"), max_length=300, blank=True)
    link = models.URLField(_("link to join online"), blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    posted_at = models.DateTimeField(auto_now_add=True)
    # A cancelled meeting is kept, and shown as cancelled until its date, so that people who
    # planned to come learn of it where they read the announcement.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("workgroup meeting")
        verbose_name_plural = _("workgroup meetings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.workgroup.slug} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if not (self.place.strip() or self.link):
            raise ValidationError(_("Say where the meeting is: a place, a link, or both."))


class WorkgroupMeetingText(models.Model):
    meeting = models.ForeignKey(WorkgroupMeeting, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    agenda = models.TextField(_("agenda"), max_length=3000,
                              validators=[MaxLengthValidator(3000)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "language"], name="meeting_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.language})"


class WorkgroupRosterChange(models.Model):
    """A change a lead or staff made to a roster, kept after the membership row is gone."""

    class Action(models.TextChoices):
        REMOVED = "removed", _("Removed from the roster")

    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.CASCADE, related_name="roster_changes"
    )
    # The name is copied: the history must still read right once the person is gone.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_name = models.CharField(_("name"), max_length=200)
    action = models.CharField(pgettext_lazy("roster", "change"), max_length=16,
                              choices=Action.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True,
                              validators=[MaxLengthValidator(2000)])
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.workgroup.slug}: {self.person_name} {self.action}"
