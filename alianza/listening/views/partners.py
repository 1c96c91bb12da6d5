"""Staff pages for a survey's partners: the list with live counts, adding, editing,
pausing, a new code, and adding the coalition's member organizations at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.listening.forms_partners import MembersForm, PartnerForm
from alianza.listening.models import Partner, Survey
from alianza.listening.selectors.partners import (
    member_organizations_not_partners,
    partner_counts,
    partner_rows,
    survey_languages,
)
from alianza.listening.services.partners import (
    partner_code_regenerate,
    partner_create,
    partner_set_active,
    partner_update,
    partners_add_organizations,
)

# How often the counts refresh themselves (htmx); a respondent's submission shows up
# within this many seconds without anyone reloading the page.
COUNTS_EVERY_SECONDS = 15


def _survey(survey_id: int) -> Survey:
    return get_object_or_404(Survey.objects.select_related("current_version"), pk=survey_id)


def _partner(survey: Survey, partner_id: int) -> Partner:
    return get_object_or_404(Partner, pk=partner_id, survey=survey)


def _page(request: HttpRequest, survey: Survey, *, form: PartnerForm | None = None,
          status: int = 200) -> HttpResponse:
    counts = partner_counts(survey)
    members = member_organizations_not_partners(survey)
    rows = partner_rows(survey, counts)
    return render(request, "listening/staff/partners/list.html", {
        "survey": survey, "text": survey.text(), "rows": rows,
        "tallies": [(row.partner, row.tally) for row in rows],
        "counts": counts, "form": form or PartnerForm(),
        "members_form": MembersForm(queryset=members), "has_members": members.exists(),
        "paper_languages": survey_languages(survey), "every": COUNTS_EVERY_SECONDS,
    }, status=status)


@require_GET
@staff_required("listening.view_partner")
def partner_list(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _page(request, _survey(survey_id))


@require_GET
@staff_required("listening.view_partner")
def partner_counts_fragment(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Only the figures, for the page to poll: a few hundred bytes, one query."""
    survey = _survey(survey_id)
    counts = partner_counts(survey)
    return render(request, "listening/staff/partners/_counts.html", {
        "survey": survey, "counts": counts, "every": COUNTS_EVERY_SECONDS,
        "tallies": [(partner, counts.of(partner.pk))
                    for partner in survey.partners.order_by("name", "pk")],
    })


@require_POST
@staff_required("listening.add_partner")
def partner_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    form = PartnerForm(request.POST)
    if form.is_valid():
        try:
            partner = partner_create(survey=survey, name=form.cleaned_data["name"],
                                     organization=form.cleaned_data["organization"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(partner)s was added, with the code %(code)s.") % {
                "partner": partner.name, "code": partner.code})
            return redirect("listening-staff-partners", survey_id=survey.pk)
    return _page(request, survey, form=form, status=400)


@require_POST
@staff_required("listening.add_partner")
def partner_add_members(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    form = MembersForm(request.POST, queryset=member_organizations_not_partners(survey))
    if not form.is_valid():
        for error in form.errors.get("organizations", []):
            messages.error(request, error)
        return redirect("listening-staff-partners", survey_id=survey.pk)
    added = partners_add_organizations(survey=survey,
                                       organizations=form.cleaned_data["organizations"])
    messages.success(request, _("Partners added: %(count)d.") % {"count": len(added)})
    return redirect("listening-staff-partners", survey_id=survey.pk)


@require_http_methods(["GET", "POST"])
@staff_required("listening.change_partner")
def partner_edit(request: HttpRequest, survey_id: int, partner_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    partner = _partner(survey, partner_id)
    form = PartnerForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            partner_update(partner=partner, name=form.cleaned_data["name"],
                           organization=form.cleaned_data["organization"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("listening-staff-partners", survey_id=survey.pk)
    return render(request, "listening/staff/partners/edit.html", {
        "survey": survey, "partner": partner, "form": form,
    }, status=400 if form.errors else 200)


@require_POST
@staff_required("listening.change_partner")
def partner_toggle(request: HttpRequest, survey_id: int, partner_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    partner = _partner(survey, partner_id)
    active = request.POST.get("active") == "1"
    partner_set_active(partner=partner, active=active)
    messages.success(request, (_("%(partner)s is collecting responses again.") if active else
                               _("%(partner)s no longer collects responses; what it collected "
                                 "is kept.")) % {"partner": partner.name})
    return redirect("listening-staff-partners", survey_id=survey.pk)


@require_http_methods(["GET", "POST"])
@staff_required("listening.change_partner")
def partner_new_code(request: HttpRequest, survey_id: int, partner_id: int) -> HttpResponse:
    """A new code, after a confirmation: every link, QR code and form printed with the old
    one stops counting for the partner."""
    survey = _survey(survey_id)
    partner = _partner(survey, partner_id)
    if request.method == "POST" and request.POST.get("confirm") == partner.code:
        old = partner.code
        partner_code_regenerate(partner=partner)
        messages.success(request, _("%(partner)s now has the code %(new)s. Links with %(old)s "
                                    "no longer work.") % {"partner": partner.name,
                                                         "new": partner.code, "old": old})
        return redirect("listening-staff-partners", survey_id=survey.pk)
    if request.method == "POST":
        # The code changed meanwhile (another tab): ask again with the current one.
        messages.error(request, _("The code changed in the meantime. Check it and confirm "
                                  "again."))
    return render(request, "listening/staff/partners/new_code.html",
                  {"survey": survey, "partner": partner,
                   "responses": partner.responses.count()})
