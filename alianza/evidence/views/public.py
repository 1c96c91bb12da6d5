"""Public dashboards: the state, counties, districts and schools, with CSV downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from alianza.evidence.charts import bar_chart
from alianza.evidence.models import Level
from alianza.evidence.selectors import figures as reads
from alianza.evidence.selectors.pages import Page, entity_page, entity_url
from alianza.evidence.selectors.search import entity_search

LEVELS = {Level.STATE, Level.COUNTY, Level.DISTRICT, Level.SCHOOL}


def _year(request: HttpRequest) -> str | None:
    year = request.GET.get("year", "")
    return year if len(year) == 7 and year[:4].isdigit() else None


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    state = reads.entity_get(Level.STATE, "")
    los_angeles = reads.entity_get(Level.COUNTY, "19")
    headline = []
    for entity in (state, los_angeles):
        if entity is not None:
            page = entity_page(entity, _year(request), full=False)
            headline.append({"entity": entity, "url": entity_url(entity), "page": page})
    return render(request, "evidence/index.html", {
        "headline": headline, "counties": reads.counties(), "years": reads.all_years(),
    })


def _page(level: str, code: str, year: str | None) -> Page:
    if level not in LEVELS:
        raise Http404
    entity = reads.entity_get(level, code)
    if entity is None:
        raise Http404
    return entity_page(entity, year)


@require_GET
def entity(request: HttpRequest, level: str, code: str = "") -> HttpResponse:
    page = _page(level, code, _year(request))
    tables = [{"table": t, "chart": bar_chart(t)} for t in page.tables if t.slug != "figures"]
    district = [{"table": t, "chart": None} for t in page.district_tables]
    return render(request, "evidence/entity.html", {
        "page": page, "entity": page.entity, "tables": tables, "district_tables": district,
        "parents": [{"entity": p, "url": entity_url(p)} for p in reads.parents(page.entity)],
        "csv_base": entity_url(page.entity),
    })


@require_GET
def table_csv(request: HttpRequest, level: str, slug: str, code: str = "") -> HttpResponse:
    page = _page(level, code, _year(request))
    table = page.table(slug)
    if table is None:
        raise Http404
    body = table.csv_text(entity_name=page.entity.name, school_year=page.year or "")
    name = slugify(f"{page.entity.name}-{page.year or ''}-{slug}") or slug
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = entity_search(query)
    results = [{"entity": e, "url": entity_url(e)} for e in found.entities]
    suggestions = [{"entity": e, "url": entity_url(e)} for e in found.suggestions]
    template = "evidence/_search_results.html" if request.htmx else "evidence/search.html"
    return render(request, template, {"query": query, "results": results,
                                      "suggestions": suggestions})


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/sources.html", {
        "datasets": reads.dataset_history()[:500],
    })
