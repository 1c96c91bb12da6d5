"""Where webhooks go (``WebhookEndpoint``) and each attempt to tell them (``WebhookDelivery``).

Imported by ``alianza.core.models``, so these are core's models (app label ``core``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SECRET_PREFIX = "whsec_"


def secret_new() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A receiver staff registered, and the events it wants."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(pgettext_lazy("webhook", "description"), max_length=200,
                                   blank=True)
    # Event names from core/webhooks/events.py.
    events = models.JSONField(pgettext_lazy("webhook", "events"), default=list)
    # Shown to staff so that their receiver can check each delivery's signature.
    secret = models.CharField(_("signing secret"), max_length=100, default=secret_new)
    active = models.BooleanField(pgettext_lazy("webhook endpoint", "active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        # Emitting an event reads the active endpoints: one small indexed query.
        indexes = [models.Index(fields=["active"])]
        permissions = [("manage_webhooks", "Can manage webhooks")]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: sent, waiting for its next attempt, or given up."""

    class Status(models.TextChoices):
        # A delivery is "una entrega" (feminine): its own words, apart from other statuses.
        PENDING = "pending", pgettext_lazy("webhook delivery", "Pending")
        DELIVERED = "delivered", pgettext_lazy("webhook delivery", "Delivered")
        FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE,
                                 related_name="deliveries", verbose_name=_("endpoint"))
    event = models.CharField(pgettext_lazy("webhook", "event"), max_length=64)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Set while a worker sends it, so that two never send the same delivery at once.
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("response code"), null=True,
                                                        blank=True)
    last_response = models.TextField(pgettext_lazy("webhook", "response"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"
