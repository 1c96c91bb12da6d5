"""Membership applications and the status history of member organizations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import LANGUAGE_TAG_LENGTH
from .people import Organization, Person


class MembershipApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="applications"
    )
    contact = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    mission_alignment = models.TextField(_("how your work aligns with the coalition's mission"))
    is_nonprofit = models.BooleanField(_("non-profit organization"))
    tax_id = models.CharField(_("tax ID (EIN)"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(status="pending"),
                name="one_pending_application_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} ({self.status})"


class MembershipStatusChange(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(max_length=16, choices=Organization.Membership.choices)
    to_status = models.CharField(max_length=16, choices=Organization.Membership.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organization.name}: {self.from_status} → {self.to_status}"
