"""Staff pages for likely duplicate people: the list of pairs, and the merge."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alianza.coalition.models import Person, PersonDistinct, PersonMerge
from alianza.coalition.selectors_person_duplicates import person_duplicate_pairs
from alianza.coalition.services.person_merge import (
    PersonMergeError,
    people_mark_distinct,
    person_merge,
    person_relations,
)
from alianza.coalition.views.staff_duplicates import MergeForm
from alianza.core.access import staff_required

MERGE_PERMISSION = "coalition.merge_person"


class PersonMergeForm(MergeForm):
    survivor = forms.TypedChoiceField(
        label=gettext_lazy("Which record do you want to keep?"), coerce=int,
        widget=forms.RadioSelect, required=False,
        help_text=gettext_lazy("The other record is merged into it and then deleted; its "
                               "address becomes one of the kept record's addresses."),
    )

    @staticmethod
    def record_label(record: Person) -> str:
        return f"{record.name or '—'} <{record.email}>"


@never_cache
@require_GET
@staff_required(MERGE_PERMISSION)
def person_duplicate_list(request: HttpRequest) -> HttpResponse:
    return render(request, "coalition/staff/person_duplicates.html", {
        "pairs": person_duplicate_pairs(),
    })


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(MERGE_PERMISSION)
def person_merge_view(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    if pk == other:
        messages.error(request, _("A person cannot be merged with themselves."))
        return redirect("coalition-person-duplicates")
    found = Person.objects.in_bulk([pk, other])
    if len(found) != 2:
        raise Http404
    pair = (found[pk], found[other])
    if any(p.erased_at for p in pair):
        messages.error(request, _("An erased person cannot be merged."))
        return redirect("coalition-person-duplicates")
    form = PersonMergeForm(pair=pair, initial={"survivor": _older(pair).pk})
    status = 200
    if request.method == "POST":
        form = PersonMergeForm(request.POST, pair=pair)
        if form.is_valid():
            try:
                return _carry_out(request, form.cleaned_data, pair)
            except PersonMergeError as error:
                messages.error(request, str(error))
                return redirect("coalition-person-duplicates")
        status = 400
    return render(request, "coalition/staff/person_merge.html", {
        "pair": pair, "form": form, "facts": [_facts(p) for p in pair], "held": _held(pair),
    }, status=status)


def _carry_out(request: HttpRequest, data: dict, pair: tuple[Person, Person]) -> HttpResponse:
    first, second = pair
    if data["action"] == "distinct":
        people_mark_distinct(first_id=first.pk, second_id=second.pk, decided_by=request.user)
        messages.success(request, _("“%(first)s” and “%(second)s” will no longer be offered "
                                    "as duplicates.") % {"first": first.email,
                                                         "second": second.email})
        return redirect("coalition-person-duplicates")
    survivor = first if data["survivor"] == first.pk else second
    duplicate = second if survivor is first else first
    person_merge(survivor_id=survivor.pk, duplicate_id=duplicate.pk, by=request.user)
    messages.success(request, _("%(duplicate)s was merged into %(survivor)s.") % {
        "duplicate": duplicate.email, "survivor": survivor.name or survivor.email})
    return redirect("coalition-person", pk=survivor.pk)


def _older(pair: tuple[Person, Person]) -> Person:
    return min(pair, key=lambda p: (p.created_at, p.pk))


def _facts(person: Person) -> dict:
    return {
        "person": person,
        "other_emails": list(person.other_emails.values_list("email", flat=True)),
        "organizations": list(person.organizations.order_by("name").values_list("name",
                                                                                flat=True)),
    }


def _held(pair: tuple[Person, Person]) -> list[tuple[str, list[int]]]:
    """What each record holds, by kind of row, from every module: all of it moves to the
    record kept. Found through the relations to people, so this page needs no list of
    modules. Kinds neither record holds are left out."""
    rows: dict[str, list[int]] = {}
    for relation in person_relations():
        model = relation.related_model
        if model in (PersonMerge, PersonDistinct):
            continue  # bookkeeping of merges, not the person's own data
        owner = model._meta.auto_created or model
        label = str(owner._meta.verbose_name_plural).capitalize()
        counts = [model._default_manager.filter(**{relation.field.name: p}).count()
                  for p in pair]
        if any(counts):
            total = rows.setdefault(label, [0, 0])
            total[0] += counts[0]
            total[1] += counts[1]
    return sorted(rows.items())
