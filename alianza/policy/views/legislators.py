"""Public legislator pages: current members by chamber and district, and one member's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from alianza.core.page_cache import cached_for_anonymous
from alianza.policy.forms_legislators import FindMyLegislatorsForm, LegislatorSearchForm
from alianza.policy.models import Legislator
from alianza.policy.selectors.legislators import (
    legislator_page,
    legislators_current,
    legislators_for_districts,
    with_capitol_office,
)


@require_GET
@cached_for_anonymous("policy")
def legislator_list(request: HttpRequest) -> HttpResponse:
    search = LegislatorSearchForm(request.GET or None)
    chamber = query = ""
    if search.is_valid():
        chamber, query = search.cleaned_data["chamber"], search.cleaned_data["q"]
    finder = FindMyLegislatorsForm(request.GET if "find" in request.GET else None)
    mine = None
    if finder.is_bound and finder.is_valid():
        mine = legislators_for_districts(assembly=finder.cleaned_data["assembly"],
                                         senate=finder.cleaned_data["senate"])
    roles = legislators_current(chamber=chamber, query=query)
    return render(request, "policy/legislators/index.html", {
        "search": search, "finder": finder, "mine": with_capitol_office(mine or []),
        "searched": mine is not None, "roles": with_capitol_office(roles),
        "filtered": bool(chamber or query),
    })


@require_GET
@cached_for_anonymous("policy")
def legislator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    legislator = get_object_or_404(Legislator, pk=pk)
    return render(request, "policy/legislators/detail.html",
                  {"page": legislator_page(legislator)})
