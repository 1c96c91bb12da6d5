"""Staff pages for segments: the builder, and the live count of who a segment reaches."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alianza.coalition.selectors_people import people_query_describe
from alianza.outreach import selectors, selectors_staff
from alianza.outreach.forms_staff import SegmentForm
from alianza.outreach.models import Segment
from alianza.outreach.services.segments import segment_save
from alianza.outreach.views.staff_common import can, forbidden, staff_required


def counts_context(resolution: selectors.Resolution | None) -> dict:
    """The figures of the count panel: every reason is listed, zeros included, so staff
    can see that nobody was left out for it."""
    if resolution is None:
        return {"resolution": None}
    return {"resolution": resolution, "excluded": [
        (key, label, resolution.excluded.get(key, 0))
        for key, label in selectors.EXCLUSION_REASONS.items()],
        "excluded_total": sum(resolution.excluded.values())}


@require_GET
@staff_required("outreach.view_segment")
def segment_index(request: HttpRequest) -> HttpResponse:
    segments = Segment.objects.annotate(mailing_count=Count("mailings")).order_by("name")
    rows = [(segment, selectors_staff.segment_describe(segment.definition))
            for segment in segments]
    return render(request, "outreach/staff/segments.html", {"rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("outreach.view_segment")
def segment_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=pk) if pk else None
    locked = segment is not None and selectors_staff.segment_is_locked(segment)
    # A segment a mailing went out to is kept as it was; changes become a new segment.
    target = None if locked else segment
    form = SegmentForm(initial=SegmentForm.initial_from(segment) if segment else None,
                       segment=target)
    resolution, status = None, 200
    if segment is not None and request.method == "GET":
        resolution = selectors.segment_summary(segment=segment)
    if request.method == "POST":
        if not can(request, "outreach.change_segment" if target else "outreach.add_segment"):
            return forbidden(request)
        form = SegmentForm(request.POST, segment=target)
        valid = form.is_valid()
        if request.POST.get("action") == "count":
            # Counting is not saving: show the choices again without marking errors.
            if form.has_sources():
                resolution = selectors.segment_resolve(definition=form.definition(),
                                                       with_organizations=False)
            form = SegmentForm(initial=SegmentForm.initial_from_data(request.POST),
                               segment=target)
            return render(request, "outreach/staff/segment_edit.html", {
                "form": form, "segment": segment, "locked": locked, **counts_context(resolution),
                "people_query_text": _people_query_text(form),
            })
        if valid:
            try:
                saved = segment_save(segment=target, name=form.cleaned_data["name"],
                                     definition=form.definition())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The segment “%(name)s” was saved.") % {
                    "name": saved.name})
                return redirect("outreach-staff-segment", pk=saved.pk)
        status = 400
        if form.has_sources():
            resolution = selectors.segment_resolve(definition=form.definition(),
                                                   with_organizations=False)
    return render(request, "outreach/staff/segment_edit.html", {
        "form": form, "segment": segment, "locked": locked, **counts_context(resolution),
        "people_query_text": _people_query_text(form),
    }, status=status)


def _people_query_text(form: SegmentForm) -> str:
    value = form["people_query"].value()
    return people_query_describe(value) if value else ""


@never_cache
@require_GET
@staff_required("outreach.view_segment")
def segment_count(request: HttpRequest) -> HttpResponse:
    """The count panel alone, for htmx: of a saved segment (``?segment=``) or of the
    builder form's current choices."""
    compact = request.GET.get("compact") == "1"
    for_mailing = "segment" in request.GET
    if for_mailing:
        value = request.GET["segment"]
        segment = Segment.objects.filter(pk=int(value)).first() if value.isdigit() else None
        resolution = selectors.segment_summary(segment=segment) if segment else None
    else:
        form = SegmentForm(request.GET)
        form.is_valid()  # the name may be missing while typing; the choices still count
        resolution = selectors.segment_resolve(definition=form.definition(),
                                               with_organizations=False) \
            if form.has_sources() else None
    return render(request, "outreach/staff/_segment_count.html", {
        **counts_context(resolution), "compact": compact, "for_mailing": for_mailing})
