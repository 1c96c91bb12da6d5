"""Public pages about the coalition: who leads it, its members and its workgroups."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from alianza.coalition import page_cache, selectors, selectors_public
from alianza.coalition.forms import WorkgroupSignupForm
from alianza.coalition.models import CoalitionProfile, Organization, Workgroup
from alianza.coalition.services.workgroups import (
    workgroup_membership_confirm,
    workgroup_membership_pending,
    workgroup_signup_request,
)
from alianza.coalition.views.signing import public_form_rate
from alianza.core.access import private_page
from alianza.core.page_cache import cached_for_anonymous

# Kept for anonymous readers by page and kind of organization; a search is rendered afresh.
MEMBERS_PARAMS = {"page": r"\d{1,6}|last", "kind": r"[a-z_]{0,30}", "q": ""}


@cached_for_anonymous(page_cache.NAMESPACE)
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "coalition/about.html", {
        "profile": selectors.coalition_profile(),
        "leads": selectors.organizations_by_role(Organization.Role.LEAD),
        "advisory": selectors.organizations_by_role(Organization.Role.ADVISORY),
        "member_count": selectors.members_public_list().count(),
    })


LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
              "webp": "image/webp"}


@require_GET
def logo(request: HttpRequest) -> FileResponse:
    """The coalition's logo, for emails: mail apps anywhere must be able to load it."""
    profile = CoalitionProfile.objects.only("logo").first()
    if profile is None or not profile.logo:
        raise Http404
    content_type = LOGO_TYPES.get(profile.logo.name.rsplit(".", 1)[-1].lower())
    if content_type is None:
        raise Http404
    try:
        handle = profile.logo.storage.open(profile.logo.name, "rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    patch_cache_control(response, public=True, max_age=3600)
    return response


@cached_for_anonymous(page_cache.NAMESPACE, params=MEMBERS_PARAMS)
def members(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    if kind not in Organization.Kind.values:
        kind = ""
    regions = selectors_public.member_regions()
    region = request.GET.get("region", "")
    if region not in regions:
        region = ""
    paginator = Paginator(
        selectors.members_public_list(query=query, kind=kind, region=region), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "coalition/members.html", {
        "page": page, "cards": selectors_public.member_cards(page.object_list),
        "query": query, "kind": kind, "kinds": Organization.Kind.choices,
        "region": region, "regions": regions,
    })


@require_GET
def member_logo(request: HttpRequest, pk: int) -> FileResponse:
    """A logo of an organization the public pages show, as the PNG stored at upload."""
    organization = get_object_or_404(
        Organization.objects.filter(
            Q(membership_status=Organization.Membership.MEMBER)
            | ~Q(coalition_role=Organization.Role.NONE)), pk=pk)
    if not organization.logo:
        raise Http404
    try:
        handle = organization.logo.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # The address changes with each new logo (?v=), so it may be kept for a long time.
    patch_cache_control(response, public=True, max_age=LOGO_MAX_AGE)
    return response


LOGO_MAX_AGE = 60 * 60 * 24 * 7


# A posted meeting leaves the page once it has passed, which no write announces: keep the
# page ten minutes at most.
@cached_for_anonymous(page_cache.NAMESPACE, ttl=600)
def workgroups(request: HttpRequest) -> HttpResponse:
    groups = selectors.workgroups_public_list()
    meetings = selectors_public.next_meetings([g.workgroup.pk for g in groups])
    for group in groups:
        group.meeting = meetings.get(group.workgroup.pk)
    return render(request, "coalition/workgroups.html", {"workgroups": groups})


@ratelimit(key="ip", rate=public_form_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def workgroup_signup(request: HttpRequest, slug: str) -> HttpResponse:
    workgroup = get_object_or_404(Workgroup, slug=slug)
    view = selectors.workgroup_for_reader(workgroup)
    if request.method == "POST" and workgroup.is_open:
        form = WorkgroupSignupForm(request.POST)
        if form.is_valid():
            if not form.is_bot():
                data = form.cleaned_data
                workgroup_signup_request(
                    workgroup=workgroup, name=data["name"], email=data["email"],
                    language=translation.get_language(),
                    organization_name=data["organization_name"], note=data["note"],
                )
            # The same answer whatever the address's state (new, waiting, already on the
            # roster), and a redirect so that reloading the page submits nothing again.
            return redirect("coalition-workgroup-thanks", slug=workgroup.slug)
        status = 400
    else:
        form, status = WorkgroupSignupForm(), 200
    return render(request, "coalition/workgroup_signup.html",
                  {"workgroup": view, "form": form}, status=status)


@require_GET
def workgroup_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    workgroup = get_object_or_404(Workgroup, slug=slug)
    return render(request, "coalition/workgroup_done.html",
                  {"workgroup": selectors.workgroup_for_reader(workgroup)})


@private_page  # a personal link: the page names the person
@require_http_methods(["GET", "POST"])
def workgroup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows one button; the POST confirms, so link scanners can't sign people up."""
    if request.method == "POST":
        membership = workgroup_membership_confirm(token=token)
        if membership is None:
            return render(request, "coalition/link_invalid.html", status=400)
        with translation.override(membership.person.preferred_language):
            return redirect("coalition-workgroup-joined", slug=membership.workgroup.slug)
    membership = workgroup_membership_pending(token)
    if membership is None:
        return render(request, "coalition/link_invalid.html", status=400)
    return render(request, "coalition/workgroup_confirm.html", {
        "membership": membership,
        "workgroup": selectors.workgroup_for_reader(membership.workgroup),
    })


@require_GET
def workgroup_joined(request: HttpRequest, slug: str) -> HttpResponse:
    workgroup = get_object_or_404(Workgroup, slug=slug)
    return render(request, "coalition/workgroup_joined.html",
                  {"workgroup": selectors.workgroup_for_reader(workgroup)})
