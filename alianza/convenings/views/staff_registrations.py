"""Staff pages for one event's registrations: the filtered list, breakdowns and exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from alianza.convenings import exports, selectors_staff
from alianza.convenings.models import Registration
from alianza.convenings.views.staff_common import search_query, staff_event
from alianza.core.access import staff_required

# Filters beside the statuses: who came, and who came without registering.
EXTRA_FILTERS = [("attended", gettext_lazy("Checked in")), ("walk_in", gettext_lazy("Walk-ins"))]


@require_GET
@staff_required("convenings.view_registration")
def registration_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(pk)
    status = request.GET.get("status", "")
    if status not in {*Registration.Status.values, *(v for v, _label in EXTRA_FILTERS)}:
        status = ""
    query = search_query(request)
    counts = selectors_staff.registration_status_counts(event=event)
    filters = [{"value": value, "label": label, "count": counts.get(value, 0)}
               for value, label in [*Registration.Status.choices, *EXTRA_FILTERS]]
    page = Paginator(selectors_staff.registrations_for_staff(
        event=event, status=status, query=query), 100).get_page(request.GET.get("page"))
    for registration in page.object_list:
        registration.shown_email = selectors_staff.shown_email(registration)
    return render(request, "convenings/staff/registrations.html", {
        "event": event, "title": selectors_staff.event_title(event), "page": page,
        "status": status, "query": query, "filters": filters,
        "total": sum(counts.get(value, 0) for value in Registration.Status.values),
        "figures": selectors_staff.attendance(event),
        "breakdowns": selectors_staff.breakdowns(event=event),
        "can_export": request.user.has_perm("convenings.export_registrations"),
    })


@require_GET
@staff_required("convenings.export_registrations")
def registration_export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    event = staff_event(pk)
    response = StreamingHttpResponse(exports.export_csv_lines(event=event),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename(event, "csv")}"')
    return response


@require_GET
@staff_required("convenings.export_registrations")
def registration_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(pk)
    response = HttpResponse(exports.export_xlsx(event=event), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename(event, "xlsx")}"')
    return response
