"""Staff pages for events: the list, one event's page, publishing and cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.convenings import selectors_staff
from alianza.convenings.forms_staff import CancelEventForm
from alianza.convenings.services_staff import event_publish, event_staff_cancel
from alianza.convenings.views.staff_common import staff_event
from alianza.core.access import staff_required


@require_GET
@staff_required("convenings.view_event")
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming = list(selectors_staff.events_for_staff(past=False, now=now))
    past = list(selectors_staff.events_for_staff(past=True, now=now)[:50])
    for event in (*upcoming, *past):
        event.figures = selectors_staff.attendance(event, now=now)
        event.title = selectors_staff.event_title(event)
    return render(request, "convenings/staff/event_list.html", {
        "upcoming": upcoming, "past": past,
    })


@require_GET
@staff_required("convenings.view_event")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(pk)
    return render(request, "convenings/staff/event_detail.html", {
        "event": event, "title": selectors_staff.event_title(event),
        "figures": selectors_staff.attendance(event),
        "texts": {text.language: text for text in event.texts.all()},
        "questions": list(event.questions.order_by("position", "pk")),
        "resources": _resources(event),
        "is_past": event.ends_at < timezone.now(),
    })


def _resources(event) -> list | None:
    """Library resources attached to the event, or None where the library is not linked."""
    manager = getattr(event, "resources", None)
    return list(manager.all()) if manager is not None else None


@require_POST
@staff_required("convenings.change_event")
def event_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(pk)
    publish = request.POST.get("publish") == "1"
    try:
        event_publish(event=event, published=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published: anyone can see it and register.")
                         if publish else _("The event is hidden from the public again. "
                                           "Registrations already made are kept."))
    return redirect("events-staff-detail", pk=event.pk)


@require_http_methods(["GET", "POST"])
@staff_required("convenings.change_event")
def event_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(pk)
    if event.is_cancelled:
        messages.info(request, _("This event is already cancelled."))
        return redirect("events-staff-detail", pk=event.pk)
    form = CancelEventForm()
    status = 200
    if request.method == "POST":
        form = CancelEventForm(request.POST)
        if form.is_valid():
            event_staff_cancel(event=event, cancelled_by=request.user)
            messages.success(request, _("The event is cancelled. Everyone registered or on "
                                        "the waitlist is being told by email."))
            return redirect("events-staff-detail", pk=event.pk)
        status = 400
    return render(request, "convenings/staff/event_cancel.html", {
        "event": event, "title": selectors_staff.event_title(event), "form": form,
        "figures": selectors_staff.attendance(event),
    }, status=status)
