"""Public dashboards: the state, counties, districts and schools, with CSV downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from alianza.core.page_cache import cached_for_anonymous
from alianza.evidence import page_cache
from alianza.evidence.charts import bar_chart
from alianza.evidence.models import Level
from alianza.evidence.selectors import figures as reads
from alianza.evidence.selectors.listing import listing, without_empty_columns
from alianza.evidence.selectors.pages import Page, entity_page, entity_url
from alianza.evidence.selectors.search import entity_search
from alianza.evidence.selectors.sources import missing_files
from alianza.evidence.tables import Table

SEARCH_LIMIT = 30
LEVELS = {Level.STATE, Level.COUNTY, Level.DISTRICT, Level.SCHOOL}


def _year(request: HttpRequest) -> str | None:
    year = request.GET.get("year", "")
    return year if len(year) == 7 and year[:4].isdigit() else None


@require_GET
@cached_for_anonymous(page_cache.NAMESPACE, params=page_cache.PAGE_PARAMS)
def index(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("year", "").strip()[:20]
    years = reads.all_years()
    state = reads.entity_get(Level.STATE, "")
    los_angeles = reads.entity_get(Level.COUNTY, "19")
    headline = []
    for entity in (state, los_angeles):
        if entity is not None:
            page = entity_page(entity, _year(request), full=False)
            headline.append({"entity": entity, "url": entity_url(entity), "page": page})
    unknown_year = asked if asked and asked not in years else ""
    return render(request, "evidence/index.html", {
        "headline": headline, "counties": reads.counties(), "years": years,
        "unknown_year": unknown_year,
    }, status=404 if unknown_year else 200)


def _page(level: str, code: str, year: str | None) -> Page:
    if level not in LEVELS:
        raise Http404
    entity = reads.entity_get(level, code)
    if entity is None:
        raise Http404
    return entity_page(entity, year)


def _table_blocks(tables: list[Table], *, charts: bool) -> tuple[list[dict], list[str]]:
    """Tables without their empty columns, and the labels of the columns left out."""
    blocks, dropped = [], []
    for table in tables:
        kept, gone = without_empty_columns(table)
        dropped += [str(c.label) for c in gone if str(c.label) not in dropped]
        blocks.append({"table": kept, "chart": bar_chart(kept) if charts else None})
    return blocks, dropped


@require_GET
@cached_for_anonymous(page_cache.NAMESPACE, params=page_cache.PAGE_PARAMS)
def entity(request: HttpRequest, level: str, code: str = "") -> HttpResponse:
    asked = request.GET.get("year", "").strip()[:20]
    page = _page(level, code, _year(request))
    # A year this place has no figures for is said, not silently swapped for another.
    unknown_year = asked if asked and asked != page.year else ""
    shown = [t for t in page.tables if t.slug not in ("figures", "children")]
    tables, dropped = _table_blocks(shown, charts=True)
    district, _gone = _table_blocks(page.district_tables, charts=False)
    children = page.table("children")
    listed = None
    if children is not None:
        children, gone = without_empty_columns(children)
        dropped += [str(c.label) for c in gone if str(c.label) not in dropped]
        listed = {
            "listing": listing(children, query=request.GET.get("q", ""),
                               sort=request.GET.get("sort", ""),
                               page=request.GET.get("page", "1"),
                               keep={"year": page.year or ""}),
            # The chart shows the places with the most English learners, whatever page.
            "chart": bar_chart(children),
        }
    can_import = request.user.has_perm("evidence.import_dataset")
    response = render(request, "evidence/entity.html", {
        "page": page, "entity": page.entity, "tables": tables, "district_tables": district,
        "children": listed, "dropped_columns": dropped,
        "missing_files": missing_files({k.key for k in page.key_figures}) if page.year else [],
        "upload_url": reverse("evidence-staff-datasets") if can_import else "",
        "unknown_year": unknown_year,
        "parents": [{"entity": p, "url": entity_url(p)} for p in reads.parents(page.entity)],
        "csv_base": entity_url(page.entity),
    })
    if unknown_year:
        response.status_code = 404
    return response


@require_GET
def table_csv(request: HttpRequest, level: str, slug: str, code: str = "") -> HttpResponse:
    page = _page(level, code, _year(request))
    table = page.table(slug)
    asked = request.GET.get("year", "")
    if table is None or (asked and asked != page.year):
        raise Http404
    body = table.csv_text(entity_name=page.entity.name, school_year=page.year or "")
    name = slugify(f"{page.entity.name}-{page.year or ''}-{slug}") or slug
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
@cached_for_anonymous(page_cache.NAMESPACE, params=page_cache.SEARCH_PARAMS,
                      ttl=page_cache.SEARCH_CACHE_SECONDS)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = entity_search(query, limit=SEARCH_LIMIT)
    results = [{"entity": e, "url": entity_url(e)} for e in found.entities]
    suggestions = [{"entity": e, "url": entity_url(e)} for e in found.suggestions]
    template = "evidence/_search_results.html" if request.htmx else "evidence/search.html"
    return render(request, template, {"query": query, "results": results,
                                      "suggestions": suggestions,
                                      "capped": len(results) >= SEARCH_LIMIT})


@require_GET
@cached_for_anonymous(page_cache.NAMESPACE)
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/sources.html", {
        "datasets": reads.dataset_history()[:500],
    })
