"""Staff pages for mailings: the list, the composer, and one mailing's page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alianza.core.site import sender_address, site_contact_email
from alianza.outreach import conf, selectors, selectors_staff
from alianza.outreach.forms import TestSendForm
from alianza.outreach.forms_staff import MailingForm, SendForm
from alianza.outreach.models import Mailing, Segment
from alianza.outreach.services.mailings import mailing_save
from alianza.outreach.services.rendering import MERGE_FIELDS
from alianza.outreach.services.validation import mailing_check
from alianza.outreach.views.images import ImageUploadForm, recent_images
from alianza.outreach.views.staff_common import can, forbidden, staff_required
from alianza.outreach.views.staff_segments import counts_context

EDITABLE = (Mailing.Status.DRAFT,)
CHECKED = (Mailing.Status.DRAFT, Mailing.Status.SCHEDULED)


@require_GET
@staff_required("outreach.view_mailing")
def mailing_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Mailing.Status.values:
        status = ""
    counts = selectors_staff.mailing_counts()
    filters = [{"value": value, "label": Mailing.Status(value).label,
                "count": counts.get(value, 0)} for value in selectors_staff.MAILING_FILTERS]
    page = Paginator(selectors_staff.mailings_for_staff(status=status), 50).get_page(
        request.GET.get("page"))
    return render(request, "outreach/staff/mailings.html", {
        "page": page, "status": status, "filters": filters,
        "total": sum(counts.values()),
    })


def _merge_field_help() -> list[tuple[str, str]]:
    meanings = {"name": _("The recipient's name."),
                "organization": _("Their organization; blank when none is known.")}
    return [("{{ " + name + " }}", meanings.get(name, "")) for name in MERGE_FIELDS]


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("outreach.view_mailing")
def mailing_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    mailing = get_object_or_404(Mailing, pk=pk) if pk else None
    if mailing is not None and mailing.status not in EDITABLE:
        messages.info(request, _("Only a draft can be changed. Cancel the schedule first to "
                                 "edit a scheduled mailing."))
        return redirect("outreach-staff-mailing", pk=mailing.pk)
    form = MailingForm(initial=MailingForm.initial_from(mailing) if mailing else None)
    status = 200
    if request.method == "POST":
        if not can(request, "outreach.change_mailing" if mailing else "outreach.add_mailing"):
            return forbidden(request)
        form = MailingForm(request.POST)
        if form.is_valid():
            try:
                saved = mailing_save(
                    mailing=mailing, name=form.cleaned_data["name"],
                    segment=form.cleaned_data["segment"],
                    from_name=form.cleaned_data["from_name"],
                    reply_to=form.cleaned_data["reply_to"],
                    tracking=form.cleaned_data.get("tracking", False),
                    contents=form.contents(), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The draft was saved. Nothing has been sent."))
                return redirect("outreach-staff-mailing", pk=saved.pk)
        status = 400
    segment = None
    if form.is_bound:
        segment_id = request.POST.get("segment", "")
        segment = Segment.objects.filter(pk=segment_id).first() if segment_id.isdigit() else None
    elif mailing is not None:
        segment = mailing.segment
    return render(request, "outreach/staff/mailing_edit.html", {
        "form": form, "mailing": mailing, "merge_fields": _merge_field_help(),
        "tracking_allowed": conf.tracking_allowed(), "for_mailing": True,
        "image_form": ImageUploadForm(), "recent_images": recent_images(),
        **counts_context(selectors.segment_summary(segment=segment) if segment else None),
    }, status=status)


def progress_context(mailing: Mailing) -> dict:
    """Figures of a mailing under way or done, for its page and the fragment it polls."""
    report = selectors.mailing_report(mailing=mailing)
    total = report.recipients or mailing.recipient_count
    return {
        "mailing": mailing, "report": report,
        "active": mailing.status in (Mailing.Status.SCHEDULED, Mailing.Status.SENDING),
        "percent": round(100 * (report.sent + report.failed) / total) if total else 0,
    }


def detail_context(request: HttpRequest, mailing: Mailing, *, send_form: SendForm | None = None,
                   test_form: TestSendForm | None = None, problems: list[str] | None = None
                   ) -> dict:
    """Everything the mailing page shows; reused when a form on it comes back with errors."""
    contents = {content.language: content for content in mailing.contents.all()}
    versions = [{"code": code, "name": name, "content": contents.get(code)}
                 for code, name in settings.LANGUAGES]
    resolution = None
    if mailing.status in CHECKED:
        found, resolution = mailing_check(mailing=mailing)
        problems = [*(problems or []), *found]
    progress = {"report": None}
    if mailing.status not in CHECKED:
        progress = progress_context(mailing)
    return {
        **progress,
        "mailing": mailing, "versions": versions,
        "segment_described": selectors_staff.segment_describe(
            mailing.segment.definition) if mailing.segment else [],
        "problems": problems or [],
        "editable": mailing.status in EDITABLE,
        "send_form": send_form or SendForm(initial={"mode": SendForm.NOW}),
        "test_form": test_form or TestSendForm(initial={
            "address": request.user.email, "language": settings.LANGUAGE_CODE}),
        "time_zone": timezone.get_current_timezone_name(), "for_mailing": True,
        # What recipients will see, from the same settings the composer uses.
        "sender_address": sender_address(conf.from_address()),
        "contact_email": site_contact_email(),
        "excluded_at_send": [(str(selectors.EXCLUSION_REASONS.get(key, key)), n)
                             for key, n in (mailing.excluded_counts or {}).items()],
        **counts_context(resolution),
    }


@never_cache
@require_GET
@staff_required("outreach.view_mailing")
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(Mailing.objects.select_related("segment", "created_by"), pk=pk)
    return render(request, "outreach/staff/mailing_detail.html",
                  detail_context(request, mailing))
