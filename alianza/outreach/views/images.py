"""Pictures in mailings: staff upload them beside the editor; anyone may load them, since
recipients' mail apps fetch them from wherever the email is read."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from alianza.outreach.models import MailingImage
from alianza.outreach.services.images import mailing_image_markdown, mailing_image_upload
from alianza.outreach.views.staff_common import can, forbidden, staff_required


class ImageUploadForm(forms.Form):
    image = forms.FileField(
        label=_("Picture"), help_text=_("PNG, JPEG, GIF or WebP, at most 5 MB."),
        max_length=200)
    alt = forms.CharField(
        label=_("What the picture shows"), max_length=200,
        help_text=_("Read aloud to people who cannot see it, and shown when images are off."))


def recent_images(limit: int = 6) -> list[dict]:
    return [{"image": image, "markdown": mailing_image_markdown(image)}
            for image in MailingImage.objects.all()[:limit]]


def upload_context(form: ImageUploadForm, uploaded: MailingImage | None = None) -> dict:
    return {"image_form": form, "uploaded": uploaded,
            "uploaded_markdown": mailing_image_markdown(
                uploaded, form.cleaned_data.get("alt", "")) if uploaded else ""}


@require_POST
@staff_required("outreach.view_mailing")
def image_upload(request: HttpRequest) -> HttpResponse:
    """Store one picture and answer with the Markdown line that shows it."""
    if not (can(request, "outreach.add_mailing") or can(request, "outreach.change_mailing")):
        return forbidden(request)
    form = ImageUploadForm(request.POST, request.FILES)
    uploaded = None
    if form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            uploaded = mailing_image_upload(upload=upload, original_name=upload.name,
                                            user=request.user)
        except ValidationError as error:
            form.add_error("image", error)
    template = ("outreach/staff/_image_upload.html" if request.htmx
                else "outreach/staff/image_uploaded.html")
    return render(request, template, upload_context(form, uploaded),
                  status=200 if uploaded else 400)


@require_GET
def image(request: HttpRequest, name: str) -> FileResponse:
    found = get_object_or_404(MailingImage, name=name)
    try:
        handle = found.file.storage.open(found.file.name, "rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # Webmail pages on other sites show it: the default same-origin policy would block it.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    patch_cache_control(response, public=True, max_age=86400)
    return response
