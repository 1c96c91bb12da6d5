"""Staff legislator pages: office staff contacts and each office's letter language."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.policy.forms_legislators import (
    LegislatorSearchForm,
    LetterLanguageForm,
    OfficeContactForm,
)
from alianza.policy.models import Legislator, Office, OfficeContact
from alianza.policy.selectors.legislators import legislator_page, legislators_current
from alianza.policy.selectors.meetings import meetings_for_staff
from alianza.policy.services.legislators import (
    office_contact_add,
    office_contact_set_active,
    office_contact_update,
    office_letter_language_set,
)


@require_GET
@staff_required("policy.view_legislator")
def staff_legislator_list(request: HttpRequest) -> HttpResponse:
    search = LegislatorSearchForm(request.GET or None)
    chamber = query = ""
    if search.is_valid():
        chamber, query = search.cleaned_data["chamber"], search.cleaned_data["q"]
    return render(request, "policy/legislators/staff_list.html", {
        "search": search, "roles": legislators_current(chamber=chamber, query=query)})


@require_GET
@staff_required("policy.view_legislator")
def staff_legislator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    legislator = get_object_or_404(Legislator, pk=pk)
    return _detail(request, legislator)


def _detail(request: HttpRequest, legislator: Legislator, *, form=None,
            status: int = 200) -> HttpResponse:
    page = legislator_page(legislator)
    for office in page.offices:
        office.language_form = LetterLanguageForm(
            initial={"letter_language": office.letter_language}, prefix=f"office-{office.pk}")
    return render(request, "policy/legislators/staff_detail.html", {
        "page": page, "legislator": legislator,
        "contacts": list(legislator.staff_contacts.select_related("office")
                         .order_by("-is_active", "name")),
        "form": form or OfficeContactForm(legislator=legislator),
        "meetings": list(meetings_for_staff(legislator=legislator)[:20]),
    }, status=status)


@require_POST
@staff_required("policy.add_officecontact")
def staff_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    legislator = get_object_or_404(Legislator, pk=pk)
    form = OfficeContactForm(request.POST, legislator=legislator)
    if form.is_valid():
        try:
            office_contact_add(legislator=legislator, added_by=request.user,
                               **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was added."))
            return redirect("policy-staff-legislator", pk=legislator.pk)
    return _detail(request, legislator, form=form, status=400)


@require_http_methods(["GET", "POST"])
@staff_required("policy.change_officecontact")
def staff_contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(OfficeContact.objects.select_related("legislator"), pk=pk)
    form = OfficeContactForm(request.POST or None, instance=contact,
                             legislator=contact.legislator)
    if request.method == "POST" and form.is_valid():
        try:
            office_contact_update(contact=contact, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect("policy-staff-legislator", pk=contact.legislator_id)
    return render(request, "policy/legislators/contact_form.html",
                  {"form": form, "contact": contact},
                  status=400 if form.is_bound else 200)


@require_POST
@staff_required("policy.change_officecontact")
def staff_contact_active(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(OfficeContact, pk=pk)
    active = request.POST.get("active") == "1"
    office_contact_set_active(contact=contact, active=active)
    messages.success(request, _("%(name)s is active again.") % {"name": contact.name} if active
                     else _("%(name)s is no longer listed as working in this office.")
                     % {"name": contact.name})
    return redirect("policy-staff-legislator", pk=contact.legislator_id)


@require_POST
@staff_required("policy.change_office")
def staff_office_language(request: HttpRequest, pk: int) -> HttpResponse:
    office = get_object_or_404(Office, pk=pk)
    form = LetterLanguageForm(request.POST, prefix=f"office-{office.pk}")
    if form.is_valid():
        office_letter_language_set(office=office,
                                   language=form.cleaned_data["letter_language"])
        messages.success(request, _("Letters to this office will be in %(language)s.")
                         % {"language": office.get_letter_language_display()})
    else:
        messages.error(request, _("Choose one of the site's languages."))
    return redirect("policy-staff-legislator", pk=office.legislator_id)
