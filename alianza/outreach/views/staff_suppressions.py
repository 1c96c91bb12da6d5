"""Staff pages for the global suppression list: search, add, and lift with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from alianza.outreach.forms_staff import LiftForm, SuppressionAddForm
from alianza.outreach.models import MailingEvent, Suppression
from alianza.outreach.services.bounces import suppression_add, suppression_lift
from alianza.outreach.views.staff_common import can, forbidden, search_query, staff_required

STATES = {"active": Q(lifted_at__isnull=True), "lifted": Q(lifted_at__isnull=False), "all": Q()}


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("outreach.view_suppression")
def suppression_index(request: HttpRequest) -> HttpResponse:
    form, status_code = SuppressionAddForm(), 200
    if request.method == "POST":
        if not can(request, "outreach.add_suppression"):
            return forbidden(request)
        form = SuppressionAddForm(request.POST)
        if form.is_valid():
            address = form.cleaned_data["address"]
            if suppression_add(address=address, detail=form.cleaned_data["detail"]):
                messages.success(request, _("%(address)s will not be mailed.") % {
                    "address": address})
            else:
                messages.info(request, _("%(address)s was already suppressed.") % {
                    "address": address})
            return redirect("outreach-staff-suppressions")
        status_code = 400
    query = search_query(request)
    state = request.GET.get("state", "active")
    if state not in STATES:
        state = "active"
    suppressions = Suppression.objects.filter(STATES[state]).select_related("lifted_by")
    if query:
        suppressions = suppressions.filter(address__icontains=query)
    page = Paginator(suppressions.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    return render(request, "outreach/staff/suppressions.html", {
        "page": page, "query": query, "state": state, "form": form,
        "states": [("active", _("Suppressed now")), ("lifted", _("Lifted")), ("all", _("All"))],
    }, status=status_code)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("outreach.view_suppression")
def suppression_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suppression = get_object_or_404(Suppression.objects.select_related("lifted_by"), pk=pk)
    form, status_code = LiftForm(), 200
    if request.method == "POST":
        if not can(request, "outreach.change_suppression"):
            return forbidden(request)
        form = LiftForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                current = Suppression.objects.select_for_update().get(pk=suppression.pk)
                # Checked under the lock: a colleague may have lifted it a moment ago.
                if current.lifted_at is not None:
                    messages.info(request, _("This suppression had already been lifted."))
                else:
                    suppression_lift(suppression=current, user=request.user,
                                     reason=form.cleaned_data["reason"])
                    messages.success(request, _("%(address)s may be mailed again.") % {
                        "address": current.address})
            return redirect("outreach-staff-suppression", pk=suppression.pk)
        status_code = 400
    events = MailingEvent.objects.filter(address=suppression.address).select_related(
        "mailing").order_by("-created_at")[:20]
    return render(request, "outreach/staff/suppression_detail.html", {
        "suppression": suppression, "form": form, "events": events,
    }, status=status_code)
