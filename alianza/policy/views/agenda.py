"""The public agenda pages: the current agenda at /policy/, past agendas, one agenda, and
its PDF in the reader's language."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from alianza.core.page_cache import cached_for_anonymous
from alianza.policy.forms_agenda import AgendaFilterForm
from alianza.policy.models import Agenda
from alianza.policy.selectors import agenda as reads
from alianza.policy.services.agenda_pdf import agenda_pdf_get

PREVIEW_PERMISSION = "policy.view_agenda"


def _may_preview(request: HttpRequest) -> bool:
    """Staff who edit agendas see an unpublished one as readers will."""
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff
                and user.has_perm(PREVIEW_PERMISSION))


def _agenda_page(request: HttpRequest, agenda: Agenda | None, *, template: str,
                 is_current: bool) -> HttpResponse:
    language = translation.get_language()
    others = [(a, reads.agenda_title(a, language)) for a in reads.agendas_published()
              if a != agenda]
    context: dict = {"agenda": agenda, "is_current": is_current, "others": others}
    if agenda is not None:
        choices = reads.filter_choices(agenda, language)
        form = AgendaFilterForm(request.GET or None, levels=choices["levels"],
                                issue_areas=choices["issue_areas"])
        level, issue_area = form.filters() if request.GET else ("", "")
        context.update({
            "view": reads.agenda_view(agenda, language=language, level=level,
                                      issue_area=issue_area),
            "form": form, "choices": choices, "filtered": bool(level or issue_area),
            "filter_errors": [e for errors in form.errors.values() for e in errors],
        })
    return render(request, template, context)


@cached_for_anonymous("policy")
def index(request: HttpRequest) -> HttpResponse:
    return _agenda_page(request, reads.agenda_current(), template="policy/index.html",
                        is_current=True)


@cached_for_anonymous("policy")
def agenda_list(request: HttpRequest) -> HttpResponse:
    agendas = list(reads.agendas_published())
    current = agendas[0] if agendas else None
    return render(request, "policy/agenda/list.html", {
        "agendas": [(a, reads.agenda_title(a), a == current) for a in agendas]})


def _agenda_or_404(request: HttpRequest, slug: str) -> Agenda:
    agenda = reads.agenda_get(slug, include_unpublished=_may_preview(request))
    if agenda is None:
        raise Http404
    return agenda


@cached_for_anonymous("policy")
def agenda_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda_or_404(request, slug)
    current = reads.agenda_current()
    return _agenda_page(request, agenda, template="policy/agenda/detail.html",
                        is_current=current is not None and current.pk == agenda.pk)


def agenda_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda_or_404(request, slug)
    pdf = agenda_pdf_get(agenda=agenda, language=translation.get_language())
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.name}"'
    if not agenda.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
