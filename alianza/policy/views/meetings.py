"""Staff pages for advocacy meetings: the list, one meeting, recording and editing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alianza.core.access import staff_required
from alianza.policy.forms_meetings import (
    AskFormSet,
    AttachmentForm,
    AttendeeFormSet,
    FollowUpForm,
    MeetingFilterForm,
    MeetingForm,
)
from alianza.policy.models import Bill, Legislator, Meeting
from alianza.policy.selectors.meetings import (
    bills_for_meetings,
    meeting_for_staff,
    meetings_for_staff,
)
from alianza.policy.services.meetings import (
    meeting_asks_set,
    meeting_attendees_set,
    meeting_create,
    meeting_update,
)


@require_GET
@staff_required("policy.view_meeting")
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    meetings = meetings_for_staff(legislator=filters.get("legislator"),
                                  bill=filters.get("bill"), status=filters.get("status", ""))
    return render(request, "policy/meetings/list.html", {
        "form": form, "meetings": list(meetings[:200]), "today": timezone.localdate()})


@require_GET
@staff_required("policy.view_meeting")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _meeting(pk))


def _meeting(pk: int) -> Meeting:
    try:
        return meeting_for_staff(pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def meeting_page(request: HttpRequest, meeting: Meeting, **forms) -> HttpResponse:
    """The meeting's page again, with the forms that failed (used by the action views)."""
    return _detail(request, _meeting(meeting.pk), **forms)


def _detail(request: HttpRequest, meeting: Meeting, *, follow_up_form=None,
            attachment_form=None, status: int = 200) -> HttpResponse:
    return render(request, "policy/meetings/detail.html", {
        "meeting": meeting, "today": timezone.localdate(),
        "follow_up_form": follow_up_form or FollowUpForm(),
        "attachment_form": attachment_form or AttachmentForm(),
    }, status=status)


def _ask_bills(meeting: Meeting | None):
    bills = bills_for_meetings()
    if meeting is not None and meeting.pk:
        bills = bills | Bill.objects.filter(meeting_asks__meeting=meeting)
    return bills.distinct()


def _initial(meeting: Meeting | None) -> tuple[list[dict], list[dict]]:
    if meeting is None:
        return [], []
    attendees = [{"email": a.person.email, "role": a.role}
                 for a in meeting.attendees.select_related("person") if a.person]
    asks = [{"text": a.text, "bill": a.bill_id, "budget_item": a.budget_item_id,
             "response": a.response} for a in meeting.asks.all()]
    return attendees, asks


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_meeting")
def meeting_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required("policy.change_meeting")
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Meeting, pk=pk))


def _edit(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    legislator = None
    if meeting is None and str(request.GET.get("legislator", "")).isdigit():
        legislator = Legislator.objects.filter(pk=request.GET["legislator"]).first()
    attendees, asks = _initial(meeting)
    form = MeetingForm(data, instance=meeting, legislator=legislator)
    attendee_forms = AttendeeFormSet(data, initial=attendees, prefix="attendees")
    ask_forms = AskFormSet(data, initial=asks, prefix="asks",
                           form_kwargs={"bills": _ask_bills(meeting)})
    if data is not None and all([form.is_valid(), attendee_forms.is_valid(),
                                 ask_forms.is_valid()]):
        values = {key: form.cleaned_data[key] for key in form.Meta.fields}
        try:
            with transaction.atomic():
                saved = (meeting_create(created_by=request.user, **values) if meeting is None
                         else meeting_update(meeting=meeting, **values))
                meeting_attendees_set(meeting=saved, attendees=attendee_forms.attendees())
                meeting_asks_set(meeting=saved, asks=ask_forms.asks())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("policy-staff-meeting", pk=saved.pk)
    return render(request, "policy/meetings/form.html", {
        "form": form, "attendee_forms": attendee_forms, "ask_forms": ask_forms,
        "meeting": meeting,
    }, status=400 if data is not None else 200)
