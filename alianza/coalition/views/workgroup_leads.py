"""Workgroup leads' tools beside the roster: take someone off it, announce the next meeting
or cancel it.

Leads need not be staff; staff allowed to manage every roster may do the same.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from alianza.coalition import selectors, selectors_public
from alianza.coalition.models import Workgroup, WorkgroupMeeting, WorkgroupMembership
from alianza.coalition.selectors_public import language_own_name
from alianza.coalition.services.workgroup_leads import (
    MEETING_PERM,
    REMOVE_PERM,
    user_may_lead,
    workgroup_meeting_cancel,
    workgroup_meeting_post,
    workgroup_participant_remove,
)
from alianza.core.access import forbidden, private_page


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept in the roster's history; not sent to the person)"),
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        validators=[MaxLengthValidator(2000)],
    )


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=pgettext_lazy("meeting", "Place"), required=False, max_length=300,
                            help_text=gettext_lazy("An address or a room, if people meet "
                                                   "in person."))
    link = forms.URLField(label=gettext_lazy("Link to join online"), required=False,
                          assume_scheme="https", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name in settings.LANGUAGES:
            # Each box is named in its own language, as staff who write it read it.
            self.fields[f"agenda_{code}"] = forms.CharField(
                label=_("Agenda (%(language)s)") % {"language": language_own_name(code)},
                required=False,
                max_length=3000, widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
            )

    def agendas(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"agenda_{code}"] for code, _n in settings.LANGUAGES}

    def agenda_fields(self) -> list:
        return [self[f"agenda_{code}"] for code, _n in settings.LANGUAGES]


def roster_extras(request: HttpRequest, workgroup: Workgroup) -> dict:
    """What the roster page adds for leads: their tools, the next meeting, the history."""
    return {
        "can_remove": user_may_lead(request.user, workgroup, staff_perm=REMOVE_PERM),
        "can_post_meeting": user_may_lead(request.user, workgroup, staff_perm=MEETING_PERM),
        "meeting": selectors_public.next_meetings([workgroup.pk]).get(workgroup.pk),
        "changes": selectors_public.roster_changes(workgroup=workgroup),
    }


def _led_or_refusal(request: HttpRequest, slug: str, perm: str) -> Workgroup | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    workgroup = get_object_or_404(Workgroup, slug=slug)
    if not user_may_lead(request.user, workgroup, staff_perm=perm):
        return forbidden(request)
    return workgroup


@private_page
@require_http_methods(["GET", "POST"])
def roster_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """A GET asks for confirmation; the POST takes the person off and records it."""
    workgroup = _led_or_refusal(request, slug, REMOVE_PERM)
    if isinstance(workgroup, HttpResponse):
        return workgroup
    membership = get_object_or_404(
        WorkgroupMembership.objects.confirmed().select_related("person", "organization"),
        pk=membership_id, workgroup=workgroup)
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        workgroup_participant_remove(membership=membership, removed_by=request.user,
                                     reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s is no longer on the roster.") % {
            "name": membership.person.name})
        return redirect("coalition-workgroup-roster", slug=workgroup.slug)
    return render(request, "coalition/staff/roster_remove.html", {
        "workgroup": selectors.workgroup_for_reader(workgroup), "membership": membership,
        "form": form,
    }, status=400 if request.method == "POST" else 200)


@private_page
@require_http_methods(["GET", "POST"])
def meeting_post(request: HttpRequest, slug: str) -> HttpResponse:
    workgroup = _led_or_refusal(request, slug, MEETING_PERM)
    if isinstance(workgroup, HttpResponse):
        return workgroup
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _post(form, workgroup, request):
        messages.success(request, _("The meeting is posted on the workgroups page."))
        return redirect("coalition-workgroup-roster", slug=workgroup.slug)
    return render(request, "coalition/staff/meeting_form.html", {
        "workgroup": selectors.workgroup_for_reader(workgroup), "form": form,
    }, status=400 if request.method == "POST" else 200)


@private_page
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """A GET asks for confirmation; the POST marks the meeting cancelled."""
    workgroup = _led_or_refusal(request, slug, MEETING_PERM)
    if isinstance(workgroup, HttpResponse):
        return workgroup
    meeting = get_object_or_404(WorkgroupMeeting, pk=meeting_id, workgroup=workgroup)
    error = ""
    if request.method == "POST":
        try:
            workgroup_meeting_cancel(meeting_id=meeting.pk, workgroup=workgroup,
                                     cancelled_by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("The meeting is marked cancelled on the workgroups "
                                        "page."))
            return redirect("coalition-workgroup-roster", slug=workgroup.slug)
    return render(request, "coalition/staff/meeting_cancel.html", {
        "workgroup": selectors.workgroup_for_reader(workgroup), "meeting": meeting,
        "error": error,
    }, status=400 if error else 200)


def _post(form: MeetingForm, workgroup: Workgroup, request: HttpRequest) -> bool:
    data = form.cleaned_data
    starts_at: datetime = data["starts_at"]
    try:
        workgroup_meeting_post(workgroup=workgroup, starts_at=starts_at, place=data["place"],
                               link=data["link"], agendas=form.agendas(),
                               posted_by=request.user)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return False
    return True
