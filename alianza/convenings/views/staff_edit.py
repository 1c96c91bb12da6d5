"""The staff event editor: shared fields, texts per language, questions, hosts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.convenings import selectors_staff
from alianza.convenings.forms_staff import (
    COMMON_TIME_ZONES,
    EventForm,
    QuestionFormSet,
    question_initial,
)
from alianza.convenings.models import Event
from alianza.convenings.services_staff import event_staff_save
from alianza.convenings.views.staff_common import staff_event
from alianza.core.access import staff_required


@require_http_methods(["GET", "POST"])
@staff_required("convenings.add_event")
def event_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required("convenings.change_event")
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, staff_event(pk))


def _edit(request: HttpRequest, event: Event | None) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = EventForm(request.POST, event=event)
        questions = QuestionFormSet(request.POST, prefix="questions")
        if form.is_valid() and questions.is_valid():
            try:
                saved = event_staff_save(
                    event=event, fields=form.event_fields(), texts=form.texts(),
                    questions=[q.cleaned_data for q in questions if q.cleaned_data],
                    hosts=list(form.cleaned_data["hosts"]), changed_by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The event was saved.") if event else _(
                    "The event was created. It is not public until you publish it."))
                return redirect("events-staff-detail", pk=saved.pk)
        status = 400
    else:
        form = EventForm(event=event, initial=EventForm.initial_from(event) if event else {
            "languages_offered": ["en", "es"], "time_zone": "America/Los_Angeles"})
        questions = QuestionFormSet(initial=question_initial(event), prefix="questions")
    return render(request, "convenings/staff/event_edit.html", {
        "event": event, "form": form, "questions": questions,
        "title": selectors_staff.event_title(event) if event else "",
        "time_zones": COMMON_TIME_ZONES,
        "question_errors": [e for f in questions.forms for e in f.errors.values()]
        + list(questions.non_form_errors()),
    }, status=status)
