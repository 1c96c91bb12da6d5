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


class WorkgroupMembership(models.Model):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="workgroup_memberships"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("what you would like to work on"), blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("workgroup membership")
        verbose_name_plural = _("workgroup memberships")
        constraints = [
            models.UniqueConstraint(fields=["workgroup", "person"], name="workgroup_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.workgroup.slug}: {self.person.name}"
