"""Staff actions on one meeting's page: follow-ups and attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alianza.core.access import keep_private, staff_required
from alianza.policy.forms_meetings import AttachmentForm, FollowUpForm
from alianza.policy.models import Meeting, MeetingAttachment, MeetingFollowUp
from alianza.policy.services.meetings import (
    attachment_add,
    attachment_delete,
    follow_up_add,
    follow_up_set_done,
)
from alianza.policy.views.meetings import meeting_page

FILE_POLICY = "sandbox; default-src 'none'"


@require_POST
@staff_required("policy.add_meetingfollowup")
def follow_up_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up was added."))
            return redirect("policy-staff-meeting", pk=meeting.pk)
    return meeting_page(request, meeting, follow_up_form=form, status=400)


@require_POST
@staff_required("policy.change_meetingfollowup")
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(MeetingFollowUp, pk=pk)
    done = request.POST.get("done", "1") == "1"
    follow_up_set_done(follow_up=follow_up, user=request.user, done=done)
    messages.success(request, _("The follow-up is marked done.") if done
                     else _("The follow-up is open again."))
    if request.POST.get("next") == "reports":
        return redirect("policy-staff-meeting-reports")
    return redirect("policy-staff-meeting", pk=follow_up.meeting_id)


@require_POST
@staff_required("policy.add_meetingattachment")
def attachment_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(meeting=meeting, upload=form.cleaned_data["file"],
                           uploaded_by=request.user)
        except ValidationError as error:  # UploadRefused says why, in the user's language
            form.add_error("file", error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect("policy-staff-meeting", pk=meeting.pk)
    return meeting_page(request, meeting, attachment_form=form, status=400)


@require_GET
@staff_required("policy.view_meeting")
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    from alianza.library.views.files import content_disposition

    attachment = get_object_or_404(MeetingAttachment, pk=pk)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=attachment.file_type)
    response["Content-Disposition"] = content_disposition("attachment", attachment.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return keep_private(response)


@require_POST
@staff_required("policy.delete_meetingattachment")
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(MeetingAttachment, pk=pk)
    meeting_id = attachment.meeting_id
    attachment_delete(attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect("policy-staff-meeting", pk=meeting_id)
