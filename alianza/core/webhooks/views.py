"""Staff pages for webhooks: endpoints, their deliveries, and the actions on them."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.core.webhooks import events, selectors, services
from alianza.core.webhooks.forms import EndpointForm
from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint

PERMISSION = "core.manage_webhooks"
STATUS_FILTERS = ("", *WebhookDelivery.Status.values)


@staff_required(PERMISSION)
def endpoint_index(request: HttpRequest) -> HttpResponse:
    endpoints = list(selectors.endpoints_list())
    for endpoint in endpoints:
        endpoint.event_labels = [events.event_label(name) for name in endpoint.events]
    return render(request, "core/webhooks/endpoints.html", {"endpoints": endpoints})


@require_http_methods(["GET", "POST"])
@staff_required(PERMISSION)
def endpoint_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk) if pk else None
    initial = ({"url": endpoint.url, "description": endpoint.description,
                "events": endpoint.events} if endpoint else {})
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if endpoint is None:
            endpoint = services.endpoint_create(url=data["url"], description=data["description"],
                                                events=data["events"], created_by=request.user)
            messages.success(request, _("The endpoint was added. Give its signing secret to "
                                        "the receiver so it can check each delivery."))
        else:
            services.endpoint_update(endpoint=endpoint, url=data["url"],
                                     description=data["description"], events=data["events"])
            messages.success(request, _("The endpoint was saved."))
        return redirect("core-webhook", pk=endpoint.pk)
    return render(request, "core/webhooks/endpoint_edit.html", {
        "endpoint": endpoint, "form": form,
    }, status=400 if request.method == "POST" else 200)


@staff_required(PERMISSION)
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    page = Paginator(selectors.deliveries_for(endpoint, status), 25).get_page(
        request.GET.get("page"))
    for delivery in page.object_list:
        delivery.event_label = events.event_label(delivery.event)
    return render(request, "core/webhooks/endpoint_detail.html", {
        "endpoint": endpoint, "page": page, "status": status,
        "event_labels": [events.event_label(name) for name in endpoint.events],
        "statuses": [("", pgettext("webhook deliveries", "All")), *WebhookDelivery.Status.choices],
        "max_attempts": services.max_attempts(),
    })


@require_POST
@staff_required(PERMISSION)
def endpoint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Disable, enable, rotate the secret or send a test event; each answers with a message."""
    with transaction.atomic():
        endpoint = get_object_or_404(WebhookEndpoint.objects.select_for_update(), pk=pk)
        if action == "disable":
            services.endpoint_set_active(endpoint=endpoint, active=False)
            messages.success(request, _("The endpoint is disabled: nothing more is sent to it."))
        elif action == "enable":
            services.endpoint_set_active(endpoint=endpoint, active=True)
            messages.success(request, _("The endpoint is enabled again."))
        elif action == "rotate":
            services.endpoint_rotate_secret(endpoint=endpoint)
            messages.success(request, _("A new signing secret was made. Deliveries from now on "
                                        "are signed with it: update the receiver."))
        elif action == "test" and endpoint.active:
            services.webhook_test_send(endpoint=endpoint, user=request.user)
            messages.success(request, _("A test event was queued. Its delivery is listed "
                                        "below."))
        elif action == "test":
            messages.error(request, _("Enable the endpoint before sending it a test event."))
    return redirect("core-webhook", pk=pk)


@require_POST
@staff_required(PERMISSION)
def delivery_retry(request: HttpRequest, pk: int, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_id, endpoint_id=pk)
    if not delivery.endpoint.active:
        messages.error(request, _("Enable the endpoint before retrying its deliveries."))
    elif services.delivery_retry_now(delivery=delivery):
        messages.success(request, _("The delivery will be tried again now."))
    else:
        messages.info(request, _("This delivery had already been delivered."))
    return redirect("core-webhook", pk=pk)
