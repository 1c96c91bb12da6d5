"""Staff pages for action alerts: campaigns, their counts and letters, the printable letters
per office, and the ZIP code file."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.policy.forms_actions_staff import CampaignForm, ZipFileForm
from alianza.policy.letters import district_label
from alianza.policy.letters_pdf import letters_pdf
from alianza.policy.models import ActionCampaign, ActionLetter, Chamber, Office, ZipDistrict
from alianza.policy.selectors.actions import (
    campaign_for_reader,
    campaigns_for_staff,
    counts_per_district,
    counts_per_legislator,
    letters_for_staff,
    letters_to_print,
)
from alianza.policy.services.actions import (
    campaign_create,
    campaign_update,
    letters_delivery_sync,
    letters_mark_printed,
)
from alianza.policy.services.actions_zip import zip_districts_import

LIST = "policy/actions/staff/"


def _campaign(pk: int) -> ActionCampaign:
    campaign = (ActionCampaign.objects.select_related("bill", "budget_item")
                .prefetch_related("texts").filter(pk=pk).first())
    if campaign is None:
        raise Http404
    return campaign


def _title(campaign: ActionCampaign) -> str:
    return campaign_for_reader(campaign, translation.get_language() or "en").title


@require_GET
@staff_required("policy.view_actioncampaign")
def campaign_list(request: HttpRequest) -> HttpResponse:
    letters_delivery_sync()
    campaigns = list(campaigns_for_staff())
    for campaign in campaigns:
        campaign.title = _title(campaign)
    return render(request, LIST + "campaign_list.html", {
        "campaigns": campaigns, "zip_count": ZipDistrict.objects.count(),
    })


def _edit(request: HttpRequest, campaign: ActionCampaign | None) -> HttpResponse:
    form = CampaignForm(request.POST or None, campaign=campaign)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if campaign is None:
                    campaign = campaign_create(**form.values(), texts=form.texts(),
                                               created_by=request.user)
                else:
                    campaign = campaign_update(campaign=campaign, **form.values(),
                                               texts=form.texts())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The action alert is saved."))
                return redirect("policy-staff-campaign", pk=campaign.pk)
        status = 400
    return render(request, LIST + "campaign_edit.html", {
        "form": form, "campaign": campaign,
        "title": _title(campaign) if campaign else "",
    }, status=status)


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_actioncampaign")
def campaign_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required("policy.change_actioncampaign")
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _campaign(pk))


def _labelled(rows: list[dict]) -> list[dict]:
    language = translation.get_language() or "en"
    for row in rows:
        row["district_label"] = district_label(row["chamber"], row["district__number"],
                                               language)
    return rows


@require_GET
@staff_required("policy.view_actioncampaign")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    letters_delivery_sync()
    per_legislator = _labelled(counts_per_legislator(campaign))
    offices = {o.pk: o for o in Office.objects.filter(
        pk__in={row["office_id"] for row in per_legislator if row["office_id"]})}
    for row in per_legislator:
        row["office"] = offices.get(row["office_id"])
    return render(request, LIST + "campaign_detail.html", {
        "campaign": campaign, "title": _title(campaign),
        "texts": {text.language: text for text in campaign.texts.all()},
        "per_legislator": per_legislator,
        "per_district": _labelled(counts_per_district(campaign)),
        "waiting": campaign.letters.filter(status=ActionLetter.Status.UNCONFIRMED).count(),
        "Chamber": Chamber,
    })


@require_GET
@staff_required("policy.view_actionletter")
def letter_list(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    letters_delivery_sync()
    status = request.GET.get("status", "")
    if status not in ActionLetter.Status.values:
        status = ""
    try:
        office_id = int(request.GET.get("office", "") or 0)
    except ValueError:
        office_id = 0
    paginator = Paginator(letters_for_staff(campaign, status=status, office_id=office_id), 50)
    return render(request, LIST + "letter_list.html", {
        "campaign": campaign, "title": _title(campaign), "status": status,
        "statuses": ActionLetter.Status.choices,
        "page": paginator.get_page(request.GET.get("page")),
    })


@require_GET
@staff_required("policy.view_actionletter")
def letters_print(request: HttpRequest, pk: int, office_pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    office = get_object_or_404(Office.objects.select_related("legislator"), pk=office_pk)
    letters = list(letters_to_print(campaign, office))
    if not letters:
        raise Http404
    response = HttpResponse(letters_pdf(campaign=campaign, office=office, letters=letters),
                            content_type="application/pdf")
    name = f"{campaign.slug}-{office.legislator.family_name or office.legislator_id}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name.lower().replace(" ", "-")}"'
    return response


@require_POST
@staff_required("policy.change_actionletter")
def letters_printed(request: HttpRequest, pk: int, office_pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    office = get_object_or_404(Office, pk=office_pk)
    marked = letters_mark_printed(campaign=campaign, office=office)
    messages.success(request, _("%(count)s letters are marked as printed.") % {"count": marked})
    return redirect("policy-staff-campaign", pk=campaign.pk)


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_zipdistrict")
def zip_districts(request: HttpRequest) -> HttpResponse:
    form = ZipFileForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
                handle.flush()
                result = zip_districts_import(path=handle.name, source=upload.name[:300],
                                              replace=form.cleaned_data["replace"])
            if result.ok:
                messages.success(request, _(
                    "The file is imported: %(zips)s ZIP codes, %(added)s new rows, %(removed)s "
                    "removed.") % {"zips": result.zip_codes, "added": result.added,
                                   "removed": result.removed})
                return redirect("policy-staff-zip-districts")
        status = 400
    return render(request, LIST + "zip_districts.html", {
        "form": form, "result": result,
        "zip_count": ZipDistrict.objects.values("zip_code").distinct().count(),
        "row_count": ZipDistrict.objects.count(),
    }, status=status)
