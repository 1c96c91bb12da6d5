"""Reads for the webhook staff pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.annotate(
        failed_count=Count("deliveries", filter=Q(deliveries__status="failed")),
        pending_count=Count("deliveries", filter=Q(deliveries__status="pending")),
    ).order_by("-active", "url", "pk")


def deliveries_for(endpoint: WebhookEndpoint, status: str = "") -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    if status in WebhookDelivery.Status.values:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("-created_at", "-pk")
