"""Public bill tracker pages: the bills the coalition tracks in a session (filtered by
status, position and issue area through the address, so a filtered list can be shared) and
one bill with its summary, position, authors and timeline."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from alianza.core.page_cache import cached_for_anonymous
from alianza.policy.forms_bills import BillFilterForm
from alianza.policy.selectors import tracker
from alianza.policy.tracker_identifiers import identifier_slug


@require_GET
@cached_for_anonymous("policy")
def bill_list(request: HttpRequest) -> HttpResponse:
    language = tracker.reader_language()
    sessions = tracker.tracked_sessions()
    session, unknown_session = tracker.session_pick(request.GET.get("session", "").strip(),
                                                    sessions)
    areas = tracker.issue_areas_in_use(session)
    form = BillFilterForm(request.GET or None, sessions=sessions, issue_areas=areas,
                          language=language,
                          initial={"session": session.identifier if session else ""})
    form.is_valid()
    filters = tracker.BillFilters(status=form.value("status"), position=form.value("position"),
                                  issue_area=form.value("issue"))
    cards = tracker.bills_public_list(session=session, filters=filters, language=language) \
        if session else []
    ignored = [form.fields[name].label for name in ("status", "position", "issue")
               if name in form.errors]
    return render(request, "policy/bills/index.html", {
        "form": form, "session": session, "sessions": sessions, "cards": cards,
        "filters": filters, "unknown_session": unknown_session, "ignored": ignored,
    })


@require_GET
@cached_for_anonymous("policy")
def bill_detail(request: HttpRequest, session: str, slug: str) -> HttpResponse:
    bill = tracker.bill_public_get(session=session, slug=slug)
    if bill is None:
        raise Http404
    canonical = identifier_slug(bill.identifier)
    if slug != canonical:  # "AB1947" or "a.b.-1947" typed by hand: one address per bill
        return redirect("policy-bill", session=session, slug=canonical, permanent=True)
    page = tracker.bill_page(bill, tracker.reader_language())
    return render(request, "policy/bills/bill.html", {"page": page, "bill": bill})
