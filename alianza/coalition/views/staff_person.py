"""One person's staff page (a first version: name and address)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from alianza.coalition.models import Person
from alianza.core.access import keep_private, staff_required


@require_GET
@staff_required("coalition.view_person")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    return keep_private(render(request, "coalition/staff/person_detail.html",
                               {"person": person}))
