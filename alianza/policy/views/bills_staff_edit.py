"""Staff edits to one bill: its tracker settings, texts and corrections; actions and
hearings the feed lacks; the coalition's position and its letters."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.access import staff_required
from alianza.library.models import Resource, ResourceText
from alianza.policy.forms_bills import ActionForm, BillEditForm, HearingForm, PositionForm
from alianza.policy.models import Bill
from alianza.policy.selectors.tracker_staff import (
    bill_staff_get,
    position_current,
    positions_staff,
)
from alianza.policy.services.tracker import (
    bill_action_add,
    bill_update,
    hearing_add,
    position_letters_set,
    position_set,
)

LETTER_KINDS = (Resource.Kind.BRIEF, Resource.Kind.FACT_SHEET, Resource.Kind.REPORT)


def _edit_initial(bill: Bill) -> dict:
    texts = {t.language: t for t in bill.texts.all()}
    initial = {"is_tracked": bill.is_tracked, "workgroup": bill.workgroup,
               "issue_areas": list(bill.issue_areas.all()), "title": bill.title,
               "abstract": bill.abstract}
    for code in ("en", "es"):
        text = texts.get(code)
        initial[f"short_title_{code}"] = text.short_title if text else ""
        initial[f"summary_{code}"] = text.summary if text else ""
    return initial


@require_http_methods(["GET", "POST"])
@staff_required("policy.change_bill")
def bill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bill = bill_staff_get(pk)
    status = 200
    if request.method == "POST":
        form = BillEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                bill_update(bill=bill, is_tracked=data["is_tracked"],
                            workgroup=data["workgroup"], issue_areas=data["issue_areas"],
                            corrections={"title": data["title"],
                                         "abstract": data["abstract"]},
                            texts=form.texts())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The bill was saved."))
                return redirect("policy-staff-bill", pk=bill.pk)
        status = 400
    else:
        form = BillEditForm(initial=_edit_initial(bill))
    return render(request, "policy/bills/staff/edit.html", {"bill": bill, "form": form},
                  status=status)


def _entry(request: HttpRequest, pk: int, form_class, save, template: str,
           done: str, context=None) -> HttpResponse:
    bill = bill_staff_get(pk)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(bill, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, done)
                return redirect("policy-staff-bill", pk=bill.pk)
        status = 400
    else:
        form = form_class()
    extra = context(bill) if context else {}
    return render(request, template, {"bill": bill, "form": form, **extra}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_billaction")
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(bill: Bill, data: dict) -> None:
        bill_action_add(bill=bill, date=data["date"], description=data["description"],
                        chamber=data["chamber"], organization=data["organization"])

    return _entry(request, pk, ActionForm, save, "policy/bills/staff/action.html",
                  _("The action was added to the timeline."))


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_hearing")
def hearing_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(bill: Bill, data: dict) -> None:
        hearing_add(bill=bill, starts_at=data["starts_at"], body=data["body"],
                    committee=data["committee"], location=data["location"],
                    notes=data["notes"])

    return _entry(request, pk, HearingForm, save, "policy/bills/staff/hearing.html",
                  _("The hearing was added to the timeline."))


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_billposition")
def position_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(bill: Bill, data: dict) -> None:
        # The letters of the position it replaces stay with that one, in the history.
        position_set(bill=bill, position=data["position"], note=data["note"],
                     note_es=data["note_es"], set_by=request.user)

    return _entry(request, pk, PositionForm, save, "policy/bills/staff/position.html",
                  _("The position was saved. The earlier one stays in the bill's history."),
                  context=lambda bill: {"positions": positions_staff(bill)})


def _resource_title(resource: Resource, language: str) -> str:
    texts = {text.language: text.title for text in resource.texts.all()}
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), resource.slug)


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_billposition")
def letters_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bill = bill_staff_get(pk)
    position = position_current(bill)
    if position is None:
        messages.error(request, _("Set a position first: letters belong to a position."))
        return redirect("policy-staff-bill", pk=bill.pk)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("letters") if v.isdigit()][:50]
        position_letters_set(position=position,
                             letters=list(Resource.objects.filter(pk__in=ids)))
        messages.success(request, _("The position's letters were saved."))
        return redirect("policy-staff-bill", pk=bill.pk)
    query = " ".join(request.GET.get("q", "").split())[:100]
    attached = set(position.letters.values_list("pk", flat=True))
    candidates = Resource.objects.prefetch_related(
        Prefetch("texts", queryset=ResourceText.objects.only("resource_id", "language", "title")))
    if query:
        candidates = candidates.filter(Q(texts__title__icontains=query)
                                       | Q(slug__icontains=query))
    else:
        candidates = candidates.filter(Q(kind__in=LETTER_KINDS) | Q(pk__in=attached))
    shown = list(candidates.distinct().order_by("-published_on", "-pk")[:60])
    shown += list(Resource.objects.filter(pk__in=attached - {r.pk for r in shown}))
    language = get_language() or "en"
    return render(request, "policy/bills/staff/letters.html", {
        "bill": bill, "position": position, "query": query,
        "resources": [{"pk": r.pk, "title": _resource_title(r, language),
                       "kind": r.get_kind_display(), "published_on": r.published_on,
                       "is_published": r.is_published, "attached": r.pk in attached}
                      for r in shown],
    })
