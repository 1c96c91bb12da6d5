"""Staff pages of the bill tracker: every bill (tracked or not) with a search that accepts
any usual way of writing a number, a bill entered by hand, one bill's overview with its
open import conflicts, and settling a conflict."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.policy.forms_bills import BillCreateForm, StaffBillSearchForm
from alianza.policy.models import BillConflict, Stance
from alianza.policy.selectors import tracker, tracker_staff
from alianza.policy.services.tracker import bill_conflict_resolve, bill_create

PER_PAGE = 50


@require_http_methods(["GET"])
@staff_required("policy.view_bill")
def bill_list(request: HttpRequest) -> HttpResponse:
    form = StaffBillSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    bills = tracker_staff.bills_staff_search(
        query=data.get("q", ""), session=data.get("session"), tracked=data.get("tracked", ""))
    page = Paginator(bills, PER_PAGE).get_page(request.GET.get("page"))
    for bill in page.object_list:
        bill.current_position_label = (Stance(bill.current_position).label
                                       if bill.current_position else "")
    return render(request, "policy/bills/staff/list.html", {
        "form": form, "page": page, "query": data.get("q", ""),
    })


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_bill")
def bill_new(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = BillCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                bill = bill_create(session=data["session"], identifier=data["identifier"],
                                   title=data["title"])
            except ValidationError as error:
                form.add_error("identifier", error)
            else:
                messages.success(request, _("%(identifier)s was added. Mark it tracked to list "
                                            "it publicly.") % {"identifier": bill.identifier})
                return redirect("policy-staff-bill", pk=bill.pk)
        status = 400
    else:
        form = BillCreateForm()
    return render(request, "policy/bills/staff/new.html", {"form": form}, status=status)


@require_http_methods(["GET"])
@staff_required("policy.view_bill")
def bill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bill = tracker_staff.bill_staff_get(pk)
    timeline, undated = tracker.bill_timeline(bill)
    return render(request, "policy/bills/staff/detail.html", {
        "bill": bill, "conflicts": tracker_staff.conflicts_open(bill),
        "positions": tracker_staff.positions_staff(bill),
        "timeline": list(reversed(timeline))[:20], "undated": undated,
        "public_url": tracker.bill_url(bill) if bill.is_tracked else "",
        "issue_areas": list(bill.issue_areas.all()),
        "bill_texts": {t.language: t for t in bill.texts.all()},
        "workgroup_name": tracker_staff.workgroup_name(bill.workgroup),
        "edited": [tracker_staff.field_label(name) for name in bill.staff_edited or []],
    })


@require_POST
@staff_required("policy.change_billconflict")
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = BillConflict.objects.select_related("bill").filter(pk=pk).first()
    if conflict is None:
        raise Http404
    try:
        bill_conflict_resolve(conflict=conflict, keep=request.POST.get("keep", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved: the bill's %(field)s is the value you chose.")
                         % {"field": tracker_staff.field_label(conflict.field)})
    return redirect("policy-staff-bill", pk=conflict.bill_id)
