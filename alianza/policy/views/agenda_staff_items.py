"""Staff pages for agenda items: adding and editing one (texts per language, links,
citations), moving it, removing it, and changing its status with a note."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.core.i18n import pick_text
from alianza.policy.forms_agenda import (
    AgendaItemForm,
    CitationFormSet,
    StatusChangeForm,
    citation_initial,
    citation_values,
)
from alianza.policy.models import Agenda, AgendaItem
from alianza.policy.selectors import agenda as reads
from alianza.policy.selectors.citations import citation_views
from alianza.policy.services.agenda import (
    agenda_item_move,
    agenda_item_remove,
    agenda_item_save,
    agenda_item_status_change,
)
from alianza.policy.views.agenda_staff import staff_agenda

Kind = AgendaItem.Kind


def staff_item(pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("agenda").prefetch_related("texts").filter(
        pk=pk).first()
    if item is None:
        raise Http404
    return item


def _item_title(item: AgendaItem) -> str:
    text = pick_text(item.texts.all())
    return text.title if text else ""


def _back(item_or_agenda: AgendaItem | Agenda) -> HttpResponse:
    agenda_id = getattr(item_or_agenda, "agenda_id", None) or item_or_agenda.pk
    return redirect("policy-staff-agenda-edit", pk=agenda_id)


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_agendaitem")
def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, staff_agenda(pk), None)


@require_http_methods(["GET", "POST"])
@staff_required("policy.change_agendaitem")
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = staff_item(pk)
    return _edit(request, item.agenda, item)


def _edit(request: HttpRequest, agenda: Agenda, item: AgendaItem | None) -> HttpResponse:
    priorities = reads.agenda_priorities(agenda)
    status = 200
    if request.method == "POST":
        form = AgendaItemForm(request.POST, agenda=agenda, item=item, priorities=priorities)
        citations = CitationFormSet(request.POST, prefix="citations")
        if form.is_valid() and citations.is_valid():
            data = form.cleaned_data
            try:
                saved = agenda_item_save(
                    agenda=agenda, item=item, kind=data["kind"], parent=data.get("parent"),
                    level=data["level"], texts=form.texts(),
                    issue_areas=list(data["issue_areas"]), bills=data["bills"],
                    budget_items=list(data["budget_items"]),
                    citations=citation_values(citations), changed_by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The item was saved."))
                return redirect("policy-staff-agenda-item-edit", pk=saved.pk)
        status = 400
    else:
        initial = AgendaItemForm.initial_from(item) if item else {
            "kind": Kind.RECOMMENDATION if request.GET.get("kind") == Kind.RECOMMENDATION
            else Kind.PRIORITY,
            "parent": request.GET.get("parent") or None, "level": "state"}
        form = AgendaItemForm(agenda=agenda, item=item, priorities=priorities, initial=initial)
        citations = CitationFormSet(prefix="citations", initial=citation_initial(item))
    shown = citation_views(list(item.citations.all())) if item else {}
    return render(request, "policy/agenda/staff/item_edit.html", {
        "agenda": agenda, "agenda_title": reads.agenda_title(agenda), "item": item,
        "title": _item_title(item) if item else "", "form": form, "citations": citations,
        "citation_errors": [e for f in citations.forms for errors in f.errors.values()
                            for e in errors] + list(citations.non_form_errors()),
        "shown_citations": list(shown.values()),
        "missing": reads.missing_languages(list(item.texts.all())) if item else [],
    }, status=status)


@require_POST
@staff_required("policy.change_agendaitem")
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = staff_item(pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        agenda_item_move(item=item, direction=direction)
    return _back(item)


@require_http_methods(["GET", "POST"])
@staff_required("policy.delete_agendaitem")
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = staff_item(pk)
    if request.method == "POST":
        agenda_item_remove(item=item)
        messages.success(request, _("The item was removed from the agenda."))
        return _back(item)
    return render(request, "policy/agenda/staff/item_remove.html", {
        "item": item, "title": _item_title(item), "agenda_title": reads.agenda_title(item.agenda),
        "children": item.recommendations.count()})


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_agendaitemstatuschange")
def item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = staff_item(pk)
    status = 200
    if request.method == "POST":
        form = StatusChangeForm(request.POST, item=item)
        if form.is_valid():
            try:
                agenda_item_status_change(item=item, status=form.cleaned_data["status"],
                                          note=form.cleaned_data["note"],
                                          changed_by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The status was changed."))
                return redirect("policy-staff-agenda-item-status", pk=item.pk)
        status = 400
    else:
        form = StatusChangeForm(item=item)
    return render(request, "policy/agenda/staff/item_status.html", {
        "item": item, "title": _item_title(item), "agenda_title": reads.agenda_title(item.agenda),
        "form": form, "history": reads.status_history(item)}, status=status)
