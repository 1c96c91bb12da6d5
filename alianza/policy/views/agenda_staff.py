"""Staff pages for agendas: the list, creating and editing one (with its items listed in
order, what each lacks, and buttons to move them), publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.policy.forms_agenda import AgendaForm
from alianza.policy.models import Agenda
from alianza.policy.selectors import agenda as reads
from alianza.policy.services.agenda import agenda_publish, agenda_save


def staff_agenda(pk: int) -> Agenda:
    agenda = reads.agendas_for_staff().filter(pk=pk).first()
    if agenda is None:
        raise Http404
    return agenda


@staff_required("policy.view_agenda")
def agenda_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for agenda in reads.agendas_for_staff():
        items = list(agenda.items.all())
        rows.append({"agenda": agenda, "title": reads.agenda_title(agenda),
                     "items": len(items),
                     "missing": reads.missing_languages(list(agenda.texts.all()))})
    return render(request, "policy/agenda/staff/list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@staff_required("policy.add_agenda")
def agenda_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required("policy.change_agenda")
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, staff_agenda(pk))


def _edit(request: HttpRequest, agenda: Agenda | None) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = AgendaForm(request.POST, agenda=agenda)
        if form.is_valid():
            try:
                saved = agenda_save(agenda=agenda, slug=form.cleaned_data["slug"],
                                    year_label=form.cleaned_data["year_label"],
                                    session=form.cleaned_data["session"], texts=form.texts())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The agenda was saved.") if agenda else _(
                    "The agenda was created. Add its priorities and recommendations, then "
                    "publish it."))
                return redirect("policy-staff-agenda-edit", pk=saved.pk)
        status = 400
    else:
        form = AgendaForm(agenda=agenda,
                          initial=AgendaForm.initial_from(agenda) if agenda else {})
    context = {"agenda": agenda, "form": form}
    if agenda is not None:
        rows = reads.agenda_staff_rows(agenda)
        context.update({"rows": rows, "title": reads.agenda_title(agenda),
                        "lacking": sum(1 for row in rows if row.missing),
                        "missing": reads.missing_languages(list(agenda.texts.all()))})
    return render(request, "policy/agenda/staff/edit.html", context, status=status)


@require_POST
@staff_required("policy.publish_agenda")
def agenda_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = staff_agenda(pk)
    publish = request.POST.get("publish") == "1"
    try:
        agenda_publish(agenda=agenda, published=publish)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The agenda is published.") if publish else _(
            "The agenda is no longer public."))
    return redirect("policy-staff-agenda-edit", pk=agenda.pk)


@require_POST
@staff_required("policy.publish_agenda")
def agenda_library_view(request: HttpRequest, pk: int) -> HttpResponse:
    from alianza.policy.services.agenda_library import agenda_library_publish

    if not request.user.has_perm("library.add_resource"):
        raise PermissionDenied
    agenda = staff_agenda(pk)
    try:
        resource = agenda_library_publish(agenda=agenda)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The agenda's PDFs are in the library: %(address)s") % {
            "address": request.build_absolute_uri(resource.get_absolute_url())})
    return redirect("policy-staff-agenda-edit", pk=agenda.pk)
