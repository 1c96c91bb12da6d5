"""Workgroups and their rosters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import LANGUAGE_TAG_LENGTH
from .people import Organization, Person


class Workgroup(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    is_open = models.BooleanField(_("open for sign-up"), default=True)
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_workgroups",
        verbose_name=_("leads"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

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


class WorkgroupMembership(models.Model):
    """A place on a workgroup's roster, counted only once the person confirms by email.

    Until then the row holds what the form said (name, organization, language, note), so
    that an unconfirmed sign-up never changes the person's own record; confirming applies
    those details.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

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
