"""Check-in at the door, on a phone: find a name, one tap, undo; add a walk-in.

Works without JavaScript (a GET search, POST buttons that come back to the same search);
with htmx the attendance figure refreshes itself while several people check guests in.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alianza.convenings import selectors_staff
from alianza.convenings.forms_staff import CheckInSearchForm, WalkInForm
from alianza.convenings.models import Event, Registration
from alianza.convenings.services_staff import (
    registration_check_in,
    registration_check_in_undo,
    walk_in_add,
    walk_in_problem,
)
from alianza.convenings.views.staff_common import search_query, staff_event
from alianza.core.access import staff_required


def _page(request: HttpRequest, event: Event, *, walk_in: WalkInForm | None = None,
          status: int = 200) -> HttpResponse:
    query = search_query(request)
    found = selectors_staff.check_in_candidates(event=event, query=query)
    for registration in found:
        registration.shown_email = selectors_staff.shown_email(registration)
    return render(request, "convenings/staff/check_in.html", {
        "event": event, "title": selectors_staff.event_title(event), "query": query,
        "search": CheckInSearchForm(initial={"q": query}), "found": found,
        "figures": selectors_staff.attendance(event),
        "walk_in": walk_in or WalkInForm(auto_id="walk_in_%s",
                                         initial={"language": get_language()}),
        "walk_in_open": walk_in is not None,
    }, status=status)


@require_GET
@staff_required("convenings.check_in")
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, staff_event(pk))


def _back(event: Event, query: str) -> HttpResponse:
    url = reverse("events-staff-checkin", args=[event.pk])
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


def _registration(event: Event, registration_pk: int) -> Registration:
    registration = event.registrations.filter(pk=registration_pk).first()
    if registration is None:
        raise Http404
    return registration


@require_POST
@staff_required("convenings.check_in")
def check_in_mark(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = staff_event(pk)
    registration = _registration(event, registration_pk)
    if registration.status == Registration.Status.CANCELLED:
        messages.error(request, _("%(name)s cancelled this registration. Add them as a walk-in "
                                  "if they are here.") % {"name": registration.name})
    else:
        registration_check_in(registration=registration)
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    return _back(event, " ".join(request.POST.get("q", "").split())[:100])


@require_POST
@staff_required("convenings.check_in")
def check_in_undo(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = staff_event(pk)
    registration = registration_check_in_undo(registration=_registration(event, registration_pk))
    if registration.is_walk_in:
        messages.success(request, _("The walk-in %(name)s was removed.") % {
            "name": registration.name})
    else:
        messages.success(request, _("%(name)s is no longer checked in.") % {
            "name": registration.name})
    return _back(event, " ".join(request.POST.get("q", "").split())[:100])


@require_POST
@staff_required("convenings.check_in")
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(pk)
    form = WalkInForm(request.POST, auto_id="walk_in_%s")
    if form.is_valid():
        problem = walk_in_problem(event=event)
        if problem:
            messages.error(request, problem)
            return _back(event, "")
        registration = walk_in_add(
            event=event, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
            organization_name=form.cleaned_data["organization_name"],
            language=form.cleaned_data["language"])
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        return _back(event, "")
    return _page(request, event, walk_in=form, status=400)
