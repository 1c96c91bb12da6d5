"""Staff pages for a person's requests about their data: download everything, or erase.

Both actions need their own permission (``coalition.export_person``,
``coalition.erase_person``), a reason, and are written to the append-only log.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from alianza.coalition.models import Person, normalize_email
from alianza.coalition.services.people import person_find
from alianza.coalition.services.privacy import (
    person_data_export,
    person_data_log_for,
    person_erase,
)
from alianza.core.access import staff_required

EXPORT_PERMISSION = "coalition.export_person"
ERASE_PERMISSION = "coalition.erase_person"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("How and when the person asked, e.g. “Email of 2 May 2025”."),
        widget=forms.Textarea(attrs={"rows": 2}), validators=[MaxLengthValidator(2000)],
        error_messages={"required": gettext_lazy(
            "Please give the reason, e.g. how the person asked.")},
    )


class EraseForm(ReasonForm):
    confirmation = forms.CharField(
        label=gettext_lazy("Type the person's email address to confirm"), max_length=254,
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"]
        if normalize_email(typed) != self.person.email:
            raise ValidationError(_(
                "Type the person's email address exactly as shown to confirm the erasure."))
        return typed


class SearchForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)


@never_cache
@require_GET
@staff_required(EXPORT_PERMISSION)
def person_data_search(request: HttpRequest) -> HttpResponse:
    """Find a person by address; an erased person's earlier requests are still found."""
    form = SearchForm(request.GET or None)
    person, log = None, []
    if form.is_valid():
        email = form.cleaned_data["email"]
        person = person_find(email=email)
        log = person_data_log_for(person=person, email=email)
    return render(request, "coalition/staff/person_data_search.html", {
        "form": form, "person": person, "log": log, "searched": form.is_bound,
    })


def _page(request: HttpRequest, person: Person, *, export_form=None, erase_form=None,
          status: int = 200) -> HttpResponse:
    return render(request, "coalition/staff/person_data.html", {
        "person": person,
        "export_form": export_form or ReasonForm(prefix="export"),
        "erase_form": erase_form or EraseForm(prefix="erase", person=person),
        "can_erase": request.user.has_perm(ERASE_PERMISSION),
        "log": person_data_log_for(person=person),
    }, status=status)


@never_cache
@require_GET
@staff_required(EXPORT_PERMISSION)
def person_data(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(Person, pk=pk))


@never_cache
@require_POST
@staff_required(EXPORT_PERMISSION)
def person_data_download(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = ReasonForm(request.POST, prefix="export")
    if not form.is_valid():
        return _page(request, person, export_form=form, status=400)
    data = person_data_export(person=person, actor=request.user,
                              reason=form.cleaned_data["reason"])
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"person-{person.pk}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_POST
@staff_required(ERASE_PERMISSION)
def person_data_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if person.erased_at is not None:
        messages.info(request, _("This person has already been erased."))
        return redirect("coalition-person-data", pk=person.pk)
    form = EraseForm(request.POST, prefix="erase", person=person)
    if not form.is_valid():
        return _page(request, person, erase_form=form, status=400)
    try:
        person_erase(person=person, actor=request.user, reason=form.cleaned_data["reason"],
                     confirmation=form.cleaned_data["confirmation"])
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, person, erase_form=form, status=400)
    messages.success(request, _("The person's data has been erased. The log below keeps "
                                "who did it, when and why."))
    return redirect("coalition-person-data", pk=person.pk)
