"""The report of one mailing: figures, the per-recipient table and its CSV export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from alianza.outreach import conf, selectors, selectors_staff
from alianza.outreach.models import Delivery, Mailing
from alianza.outreach.views.staff_common import search_query, staff_required


@never_cache
@require_GET
@staff_required("outreach.view_mailing")
def mailing_report(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(Mailing.objects.select_related("segment"), pk=pk)
    query = search_query(request)
    status = request.GET.get("status", "")
    if status not in Delivery.Status.values:
        status = ""
    rows = selectors_staff.mailing_recipients(mailing=mailing, query=query, status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "outreach/staff/mailing_report.html", {
        "mailing": mailing, "report": selectors.mailing_report(mailing=mailing),
        "soft_bounces": selectors_staff.mailing_soft_bounces(mailing=mailing),
        "excluded": [(str(selectors.EXCLUSION_REASONS.get(key, key)), n)
                     for key, n in (mailing.excluded_counts or {}).items()],
        "page": page, "query": query, "status": status, "statuses": Delivery.Status.choices,
        "tracking_allowed": conf.tracking_allowed(),
        "soft_bounce_limit": conf.soft_bounce_limit(),
    })


@never_cache
@require_GET
@staff_required("outreach.view_mailing")
def mailing_report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(Mailing, pk=pk)
    name = slugify(mailing.name) or f"mailing-{mailing.pk}"
    filename = f"{name}-recipients-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(selectors_staff.report_csv_lines(mailing),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
