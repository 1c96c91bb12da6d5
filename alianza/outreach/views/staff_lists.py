"""Staff pages for mailing lists: the lists with their subscriber counts, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alianza.outreach import selectors, selectors_staff
from alianza.outreach.forms_staff import MailingListForm
from alianza.outreach.models import MailingList
from alianza.outreach.services.lists import mailing_list_save
from alianza.outreach.views.staff_common import can, forbidden, staff_required


@require_GET
@staff_required("outreach.view_mailinglist")
def list_index(request: HttpRequest) -> HttpResponse:
    lists = [(m, selectors.mailing_list_name(m))
             for m in selectors_staff.mailing_lists_with_counts()]
    return render(request, "outreach/staff/lists.html", {"lists": lists})


@require_http_methods(["GET", "POST"])
@staff_required("outreach.view_mailinglist")
def list_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    mailing_list = get_object_or_404(MailingList, pk=pk) if pk else None
    initial = {}
    if mailing_list is not None:
        initial = {"is_public": mailing_list.is_public, "workgroup": mailing_list.workgroup_id}
        for text in mailing_list.texts.all():
            initial[f"name_{text.language}"] = text.name
            initial[f"description_{text.language}"] = text.description
    else:
        initial = {"is_public": True}
    form = MailingListForm(initial=initial, mailing_list=mailing_list)
    status = 200
    if request.method == "POST":
        perm = "outreach.change_mailinglist" if mailing_list else "outreach.add_mailinglist"
        if not can(request, perm):
            return forbidden(request)
        form = MailingListForm(request.POST, mailing_list=mailing_list)
        if form.is_valid():
            try:
                saved = mailing_list_save(
                    mailing_list=mailing_list,
                    slug=mailing_list.slug if mailing_list else form.cleaned_data["slug"],
                    is_public=form.cleaned_data["is_public"],
                    workgroup=form.cleaned_data["workgroup"], texts=form.texts())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The list “%(name)s” was saved.") % {
                    "name": selectors.mailing_list_name(saved)})
                return redirect("outreach-staff-lists")
        status = 400
    return render(request, "outreach/staff/list_edit.html", {
        "form": form, "mailing_list": mailing_list,
        "title": selectors.mailing_list_name(mailing_list) if mailing_list else _("New list"),
    }, status=status)
