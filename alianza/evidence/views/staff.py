"""Staff pages for public data files: upload, import status, version history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.evidence.forms import DatasetUploadForm
from alianza.evidence.messages import refusal_message
from alianza.evidence.models import DatasetUpload
from alianza.evidence.selectors.figures import dataset_history
from alianza.evidence.services.uploads import dataset_upload_create, dataset_upload_give_up
from alianza.evidence.student_messages import failure_message
from alianza.evidence.views.access import can_import

ACTIVE = (DatasetUpload.Status.QUEUED, DatasetUpload.Status.RUNNING)


@can_import
@require_http_methods(["GET", "POST"])
def datasets(request: HttpRequest) -> HttpResponse:
    form = DatasetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            upload = dataset_upload_create(
                upload=form.cleaned_data["file"], user=request.user,
                kind=form.cleaned_data["kind"], source_url=form.cleaned_data["source_url"],
            )
        return redirect("evidence-staff-upload", pk=upload.pk)
    page = Paginator(dataset_history(), 50).get_page(request.GET.get("page"))
    uploads = DatasetUpload.objects.select_related("dataset")[:10]
    return render(request, "evidence/staff/datasets.html", {
        "form": form, "page": page, "uploads": [_upload_context(u) for u in uploads],
    }, status=400 if request.method == "POST" else 200)


def _upload_context(upload: DatasetUpload) -> dict:
    # The reader names the file it was given, which is the stored copy's random name;
    # staff know it by the name they uploaded.
    params = {**upload.error_params, "file": upload.original_name}
    return {
        "upload": upload,
        "active": upload.status in ACTIVE,
        "message": refusal_message(upload.error_code, params)
        if upload.status == DatasetUpload.Status.REFUSED else "",
        "failure": failure_message(upload.error_code, upload.error_params)
        if upload.status == DatasetUpload.Status.FAILED and upload.error_code else "",
    }


@can_import
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(DatasetUpload.objects.select_related("dataset"), pk=pk)
    context = _upload_context(upload)
    if request.htmx:
        return render(request, "evidence/staff/_upload_status.html", context)
    return render(request, "evidence/staff/upload.html", context)


@can_import
@require_POST
def upload_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop an import that has not finished and delete its file (e.g. a stuck one)."""
    upload = get_object_or_404(DatasetUpload, pk=pk)
    if dataset_upload_give_up(upload=upload, code="discarded"):
        messages.success(request, _("The import was discarded and its file deleted."))
    else:
        messages.error(request, _("Only an import that has not finished can be discarded."))
    return redirect("evidence-staff-upload", pk=pk)
