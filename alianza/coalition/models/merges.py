"""Merging duplicate organizations, and pairs staff have said are not duplicates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Organization


class OrganizationMerge(models.Model):
    """One merge, kept for audit: what the absorbed organization was and what moved."""

    survivor = models.ForeignKey(
        Organization, null=True, on_delete=models.SET_NULL, related_name="merges"
    )
    merged_id = models.PositiveIntegerField(_("merged organization id"))
    merged_name = models.CharField(_("merged organization"), max_length=200)
    merged_record = models.JSONField(_("merged record"), default=dict)
    moved = models.JSONField(_("records moved"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("organization merge")
        verbose_name_plural = _("organization merges")
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.survivor_id}"


class OrganizationDistinct(models.Model):
    """Staff looked at this pair and said they are different organizations."""

    first = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="organization_distinct_pair"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")),
                                   name="organization_distinct_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"
