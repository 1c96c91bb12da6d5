"""Public pages about the coalition: who leads it, its members and its workgroups."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from alianza.coalition import selectors
from alianza.coalition.forms import WorkgroupSignupForm
from alianza.coalition.models import CoalitionProfile, Organization, Workgroup
from alianza.coalition.services.workgroups import (
    workgroup_membership_confirm,
    workgroup_membership_pending,
    workgroup_signup_request,
)
from alianza.coalition.views.signing import public_form_rate
from alianza.core.access import private_page


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


def members(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    if kind not in Organization.Kind.values:
        kind = ""
    paginator = Paginator(selectors.members_public_list(query=query, kind=kind), 50)
    return render(request, "coalition/members.html", {
        "page": paginator.get_page(request.GET.get("page")), "query": query, "kind": kind,
        "kinds": Organization.Kind.choices,
    })


def workgroups(request: HttpRequest) -> HttpResponse:
    return render(request, "coalition/workgroups.html", {
        "workgroups": selectors.workgroups_public_list(),
    })


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
