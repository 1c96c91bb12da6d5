"""A person's staff page: contact details, affiliations, consents with their history,
what other modules hold now, a timeline of everything, and staff notes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from alianza.coalition.models import Consent, Person
from alianza.coalition.models.person_records import NOTE_MAX_LENGTH
from alianza.coalition.selectors_person import PAGE_SIZE, person_timeline
from alianza.coalition.selectors_person_duplicates import person_likely_duplicates
from alianza.coalition.services.person_notes import person_note_add
from alianza.core.access import staff_required
from alianza.core.people import person_panels

VIEW_PERMISSION = "coalition.view_person"
NOTE_PERMISSION = "coalition.add_personnote"


class NoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Add a note"), max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Seen by staff only. It is part of the person's data: they may "
                               "ask to read it, and it is erased with them."),
        error_messages={"required": gettext_lazy("Write the note before saving it.")},
    )


def _consent_groups(person: Person) -> list[dict]:
    """One group per consent (kind and scope): its current state and its history."""
    groups: dict[tuple[str, str], dict] = {}
    for consent in Consent.objects.filter(person=person).order_by("-created_at", "-pk"):
        group = groups.setdefault((consent.kind, consent.scope), {
            "kind": consent.get_kind_display(), "scope": consent.scope, "current": consent,
            "history": []})
        group["history"].append(consent)
    return list(groups.values())


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _page(request: HttpRequest, person: Person, *, note_form: NoteForm | None = None,
          status: int = 200) -> HttpResponse:
    timeline = person_timeline(person, shown=_int(request.GET.get("shown"), PAGE_SIZE),
                               source=request.GET.get("kind", ""), viewer=request.user)
    panels = [(panel.title, rows) for panel in person_panels()
              if (rows := panel.rows(person))]
    can_merge = request.user.has_perm("coalition.merge_person")
    return render(request, "coalition/staff/person_detail.html", {
        "person": person,
        "other_emails": person.other_emails.order_by("email"),
        "affiliations": person.affiliations.select_related("organization")
        .order_by("organization__name"),
        "consent_groups": _consent_groups(person),
        "panels": panels,
        "timeline": timeline,
        "more": timeline.shown + PAGE_SIZE,
        "note_form": note_form or NoteForm(),
        "can_add_note": request.user.has_perm(NOTE_PERMISSION) and person.erased_at is None,
        "can_see_data": request.user.has_perm("coalition.export_person"),
        "can_merge": can_merge,
        "likely_duplicates": person_likely_duplicates(person) if can_merge else [],
    }, status=status)


@never_cache
@require_GET
@staff_required(VIEW_PERMISSION)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(Person, pk=pk))


@never_cache
@require_POST
@staff_required(VIEW_PERMISSION, NOTE_PERMISSION)
def person_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _page(request, person, note_form=form, status=400)
    try:
        person_note_add(person=person, author=request.user, body=form.cleaned_data["body"])
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, person, note_form=form, status=400)
    messages.success(request, _("Your note was added to the timeline."))
    return redirect(reverse("coalition-person", args=[person.pk]) + "#timeline")
