"""Staff pages for organizations: the full list, and one organization's membership record."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.coalition import selectors_staff
from alianza.coalition.models import AffiliationClaim, Organization, Signature
from alianza.coalition.places import county_match
from alianza.coalition.selectors_duplicates import organization_same_match_key
from alianza.coalition.services.claims import affiliation_claim_decide
from alianza.coalition.services.membership import membership_status_set
from alianza.core.access import forbidden, staff_required

Membership = Organization.Membership

# Which moves staff may make from each status; applications are decided in the queue.
ALLOWED_MOVES: dict[str, list[str]] = {
    Membership.NONE: [Membership.MEMBER],
    Membership.APPLIED: [],
    Membership.MEMBER: [Membership.LAPSED, Membership.WITHDRAWN],
    Membership.DECLINED: [Membership.MEMBER],
    Membership.LAPSED: [Membership.MEMBER, Membership.WITHDRAWN],
    Membership.WITHDRAWN: [Membership.MEMBER],
}


class OrganizationStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New membership status"),
                               widget=forms.RadioSelect)
    reason = forms.CharField(
        label=capfirst(gettext_lazy("reason")), widget=forms.Textarea(attrs={"rows": 2}),
        validators=[MaxLengthValidator(3000)],
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, Membership(value).label) for value in ALLOWED_MOVES.get(current, [])
        ]

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()


@require_GET
@staff_required("coalition.view_organization")
def organization_list(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:100]
    status = request.GET.get("status", "")
    organizations = Organization.objects.annotate(people_count=Count("affiliations"))
    if query:
        matches = Q(name__icontains=query) | Q(county__icontains=query)
        if county := county_match(query):
            matches |= Q(county_code=county)
        organizations = organizations.filter(matches)
    if status in Membership.values:
        organizations = organizations.filter(membership_status=status)
    else:
        status = ""
    page = Paginator(organizations.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(request, "coalition/staff/organizations.html", {
        "page": page, "query": query, "status": status, "statuses": Membership.choices,
    })


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required("coalition.view_organization")
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    form = OrganizationStatusForm(current=organization.membership_status)
    status_code = 200
    if request.method == "POST":
        if not request.user.has_perm("coalition.change_organization"):
            return forbidden(request)
        form = OrganizationStatusForm(request.POST, current=organization.membership_status)
        if form.is_valid() and _change_status(request, organization.pk, form):
            return redirect("coalition-organization-detail", pk=organization.pk)
        status_code = 400
    return render(request, "coalition/staff/organization_detail.html", {
        "organization": organization,
        "form": form,
        "can_change": bool(form.fields["status"].choices),
        "affiliations": organization.affiliations.select_related("person")
        .order_by("person__name"),
        "signatures": Signature.objects.filter(organization=organization)
        .select_related("statement", "person"),
        "claims": organization.claims.filter(status=AffiliationClaim.Status.PENDING)
        .select_related("person"),
        "can_decide_claims": request.user.has_perm("coalition.change_affiliation"),
        "applications": selectors_staff.organization_applications(organization),
        "history": selectors_staff.organization_status_history(organization),
        "likely_duplicates": organization_same_match_key(organization)
        if request.user.has_perm("coalition.merge_organization") else [],
    }, status=status_code)


@require_POST
@staff_required("coalition.change_affiliation")
def organization_claim_decide(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    """Accept or decline someone's claim to speak for this organization."""
    claim = get_object_or_404(AffiliationClaim, pk=claim_pk, organization_id=pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Please choose to accept or decline the claim."))
        return redirect("coalition-organization-detail", pk=pk)
    try:
        affiliation_claim_decide(claim=claim, accept=decision == "accept",
                                 decided_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        template = (_("%(person)s now speaks for this organization.") if decision == "accept"
                    else _("The claim of %(person)s was declined."))
        messages.success(request, template % {"person": claim.person.name})
    return redirect("coalition-organization-detail", pk=pk)


@transaction.atomic
def _change_status(request: HttpRequest, organization_id: int,
                   form: OrganizationStatusForm) -> bool:
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    wanted = form.cleaned_data["status"]
    # Checked again under the row lock: the page may be stale.
    if wanted not in ALLOWED_MOVES.get(organization.membership_status, []):
        messages.error(request, _("That change is no longer possible: the status has changed "
                                  "since the page was loaded."))
        return True
    membership_status_set(organization=organization, status=wanted,
                          reason=form.cleaned_data["reason"], changed_by=request.user)
    messages.success(request, _("Membership status of %(org)s changed to “%(status)s”.") % {
        "org": organization.name, "status": organization.get_membership_status_display(),
    })
    return True
