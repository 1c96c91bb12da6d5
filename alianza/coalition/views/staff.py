"""Staff pages: dashboard, membership review queue, workgroup rosters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alianza.coalition import selectors, selectors_staff
from alianza.coalition.forms import DecisionForm
from alianza.coalition.models import (
    MembershipApplication,
    Organization,
    Person,
    Workgroup,
    WorkgroupMembership,
)
from alianza.coalition.services.membership import application_decide, membership_status_set
from alianza.coalition.views import workgroup_leads
from alianza.core.access import forbidden, private_page, staff_required
from alianza.core.csv_export import csv_cell, streaming_writer

# Dashboard ------------------------------------------------------------------------------

CHART_HEIGHT = 160  # room for the tallest bar; labels sit above and below it
CHART_SLOT = 48
CHART_BAR = 30
CHART_BASELINE = 20 + CHART_HEIGHT


@dataclass
class Bar:
    x: int
    y: int
    height: int
    middle: int
    value: int
    month: object  # date; the template formats it in the reader's language
    show_year: bool


def chart_bars(values: list[tuple[object, int]]) -> list[Bar]:
    """Bar geometry for a small server-rendered SVG chart (no script needed)."""
    top = max((value for _month, value in values), default=0) or 1
    bars = []
    for index, (month, value) in enumerate(values):
        height = round(value / top * CHART_HEIGHT)
        bars.append(Bar(
            x=index * CHART_SLOT + (CHART_SLOT - CHART_BAR) // 2,
            middle=index * CHART_SLOT + CHART_SLOT // 2,
            y=CHART_BASELINE - height, height=height, value=value, month=month,
            show_year=index == 0 or month.month == 1,
        ))
    return bars


@require_GET
@staff_required("coalition.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = selectors_staff.dashboard_figures()
    charts = [
        {"id": "chart-signatures", "title": _("Confirmed signatures per month"),
         "bars": chart_bars([(m.month, m.signatures) for m in figures.months])},
        {"id": "chart-members", "title": _("New member organizations per month"),
         "bars": chart_bars([(m.month, m.members) for m in figures.months])},
    ]
    return render(request, "coalition/staff/dashboard.html", {
        "figures": figures, "charts": charts,
        "chart_width": CHART_SLOT * len(figures.months), "chart_height": CHART_BASELINE + 40,
        "bar_width": CHART_BAR, "baseline": CHART_BASELINE,
    })


# Membership review ----------------------------------------------------------------------


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("New membership status"), widget=forms.RadioSelect,
        choices=[
            (Organization.Membership.LAPSED, Organization.Membership.LAPSED.label),
            (Organization.Membership.WITHDRAWN, Organization.Membership.WITHDRAWN.label),
        ],
    )
    reason = forms.CharField(
        label=capfirst(gettext_lazy("reason")), widget=forms.Textarea(attrs={"rows": 2}),
        validators=[MaxLengthValidator(3000)],
    )

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()


@require_GET
@staff_required("coalition.view_membershipapplication")
def applications(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", MembershipApplication.Status.PENDING)
    if status not in MembershipApplication.Status.values:
        status = MembershipApplication.Status.PENDING
    paginator = Paginator(selectors_staff.applications_for_review(status=status), 50)
    counts = selectors_staff.application_counts()
    filters = [
        {"value": value, "label": MembershipApplication.Status(value).label,
         "count": counts.get(value, 0)}
        for value in selectors_staff.QUEUE_FILTERS
    ]
    return render(request, "coalition/staff/applications.html", {
        "page": paginator.get_page(request.GET.get("page")), "status": status,
        "filters": filters, "pending": status == MembershipApplication.Status.PENDING,
    })


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("coalition.view_membershipapplication")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors_staff.application_for_review(pk=pk)
    if application is None:
        raise Http404
    decision_form, status_form, status = DecisionForm(), MemberStatusForm(prefix="status"), 200
    if request.method == "POST":
        if not request.user.has_perm("coalition.change_membershipapplication"):
            return forbidden(request)
        here = reverse("coalition-application-detail", args=[application.pk])
        if request.POST.get("action") == "status":
            status_form = MemberStatusForm(request.POST, prefix="status")
            if status_form.is_valid():
                _member_status_change(request, application.organization_id, status_form)
                return redirect(here)
        else:
            if application.status != MembershipApplication.Status.PENDING:
                # A second click, a second tab or a colleague got there first.
                messages.error(request, _("This application has already been decided."))
                return redirect(here)
            decision_form = DecisionForm(request.POST)
            if decision_form.is_valid():
                _decide(request, application, decision_form)
                return redirect(here)
        status = 400
    organization = application.organization
    return render(request, "coalition/staff/application_detail.html", {
        "application": application,
        "organization": organization,
        "contact_title": selectors_staff.application_contact_title(application),
        "contact_claim": selectors_staff.application_contact_claim(application),
        "history": selectors_staff.organization_status_history(organization),
        "other_applications": selectors_staff.organization_applications(organization)
        .exclude(pk=application.pk),
        "decision_form": decision_form,
        "status_form": status_form,
        "is_pending": application.status == MembershipApplication.Status.PENDING,
        "is_member": organization.membership_status == Organization.Membership.MEMBER,
    }, status=status)


def _decide(request: HttpRequest, application: MembershipApplication, form: DecisionForm) -> None:
    approve = form.cleaned_data["decision"] == "approve"
    try:
        decided = application_decide(
            application=application, approve=approve, reason=form.cleaned_data["reason"],
            decided_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    names = {"org": decided.organization.name, "email": decided.contact.email}
    if approve:
        messages.success(request, _("Approved: %(org)s is now a member. We emailed %(email)s.")
                         % names)
    else:
        messages.success(request, _("Declined: we emailed %(email)s with your reason.") % names)


@transaction.atomic
def _member_status_change(request: HttpRequest, organization_id: int,
                          form: MemberStatusForm) -> None:
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    # Checked under the row lock so a stale page cannot mark a non-member as lapsed.
    if organization.membership_status != Organization.Membership.MEMBER:
        messages.error(request, _("Only a current member can be marked as lapsed or withdrawn."))
        return
    membership_status_set(
        organization=organization, status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"], changed_by=request.user,
    )
    messages.success(request, _("Membership status of %(org)s changed to “%(status)s”.") % {
        "org": organization.name, "status": organization.get_membership_status_display(),
    })


# Workgroup rosters ----------------------------------------------------------------------


def _roster_or_refusal(request: HttpRequest, slug: str) -> Workgroup | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    workgroup = get_object_or_404(Workgroup, slug=slug)
    if not (request.user.is_active and selectors.user_can_see_roster(request.user, workgroup)):
        return forbidden(request)
    return workgroup


def roster_columns() -> list[str]:
    """Column headings, reusing the models' own (translated) field names."""
    person, membership = Person._meta, WorkgroupMembership._meta
    return [capfirst(str(name)) for name in (
        person.get_field("name").verbose_name, person.get_field("email").verbose_name,
        Organization._meta.verbose_name, person.get_field("preferred_language").verbose_name,
        membership.get_field("joined_at").verbose_name, membership.get_field("note").verbose_name,
    )]


@private_page
@require_GET
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    workgroup = _roster_or_refusal(request, slug)
    if isinstance(workgroup, HttpResponse):
        return workgroup
    paginator = Paginator(selectors.workgroup_roster(workgroup=workgroup), 100)
    return render(request, "coalition/staff/roster.html", {
        "workgroup": selectors.workgroup_for_reader(workgroup, size=paginator.count),
        "page": paginator.get_page(request.GET.get("page")),
        "columns": roster_columns(),
        "pending": selectors.workgroup_pending_count(workgroup=workgroup),
        **workgroup_leads.roster_extras(request, workgroup),
    })


def roster_csv_lines(workgroup: Workgroup) -> Iterator[str]:
    writer = streaming_writer()
    yield "\ufeff"  # lets Excel open accented names as UTF-8
    yield writer.writerow([csv_cell(column) for column in roster_columns()])
    for membership in selectors.workgroup_roster(workgroup=workgroup).iterator(chunk_size=500):
        person = membership.person
        yield writer.writerow([csv_cell(value) for value in (
            person.name, person.email,
            membership.organization.name if membership.organization else "",
            person.preferred_language,
            timezone.localtime(membership.confirmed_at or membership.joined_at)
            .isoformat(timespec="seconds"),
            membership.note,
        )])


@private_page
@require_GET
def roster_csv(request: HttpRequest, slug: str) -> HttpResponse:
    workgroup = _roster_or_refusal(request, slug)
    if isinstance(workgroup, HttpResponse):
        return workgroup
    filename = f"{workgroup.slug}-roster-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(roster_csv_lines(workgroup),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@private_page
@require_GET
def my_workgroups(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "coalition/staff/my_workgroups.html", {
        "workgroups": selectors_staff.workgroups_with_roster_access(request.user),
        "sees_all": selectors_staff.user_sees_every_roster(request.user),
    })
