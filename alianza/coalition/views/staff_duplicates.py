"""Staff pages for likely duplicate organizations: the list of pairs, and the merge."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alianza.coalition.models import Organization, Signature, WorkgroupMembership
from alianza.coalition.selectors_duplicates import organization_duplicate_pairs
from alianza.coalition.services.merges import (
    MergeError,
    organization_merge,
    organizations_mark_distinct,
)
from alianza.core.access import staff_required

MERGE_PERMISSION = "coalition.merge_organization"


class MergeForm(forms.Form):
    action = forms.ChoiceField(choices=[("merge", "merge"), ("distinct", "distinct")],
                               widget=forms.HiddenInput, initial="merge")
    survivor = forms.TypedChoiceField(
        label=gettext_lazy("Which record do you want to keep?"), coerce=int,
        widget=forms.RadioSelect, required=False,
        help_text=gettext_lazy("The other record is merged into it and then deleted."),
    )

    def __init__(self, *args, pair: tuple, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(r.pk, self.record_label(r)) for r in pair]

    @staticmethod
    def record_label(record) -> str:
        return record.name

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "merge" and not data.get("survivor"):
            self.add_error("survivor", _("Choose the record to keep."))
        return data


@require_GET
@staff_required(MERGE_PERMISSION)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    return render(request, "coalition/staff/duplicates.html", {
        "pairs": organization_duplicate_pairs(),
    })


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(MERGE_PERMISSION)
def organization_merge_view(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    found = Organization.objects.annotate(people_count=Count("affiliations", distinct=True)) \
        .in_bulk([pk, other])
    if pk == other or len(found) != 2:
        raise Http404
    pair = (found[pk], found[other])
    form = MergeForm(pair=pair, initial={"survivor": _older(pair).pk})
    status = 200
    if request.method == "POST":
        form = MergeForm(request.POST, pair=pair)
        if form.is_valid():
            try:
                return _carry_out(request, form.cleaned_data, pair)
            except MergeError:
                messages.error(request, _("These organizations can no longer be merged: one "
                                          "of them has changed. Check the list again."))
                return redirect("coalition-organization-duplicates")
        status = 400
    return render(request, "coalition/staff/merge.html", {
        "pair": pair, "form": form, "facts": [_facts(o) for o in pair],
    }, status=status)


def _carry_out(request: HttpRequest, data: dict, pair: tuple[Organization, Organization]
               ) -> HttpResponse:
    first, second = pair
    if data["action"] == "distinct":
        organizations_mark_distinct(first_id=first.pk, second_id=second.pk,
                                    decided_by=request.user)
        messages.success(request, _("“%(first)s” and “%(second)s” will no longer be offered "
                                    "as duplicates.") % {"first": first.name,
                                                         "second": second.name})
        return redirect("coalition-organization-duplicates")
    survivor = first if data["survivor"] == first.pk else second
    duplicate = second if survivor is first else first
    organization_merge(survivor_id=survivor.pk, duplicate_id=duplicate.pk,
                       merged_by=request.user)
    messages.success(request, _("“%(duplicate)s” was merged into “%(survivor)s”.") % {
        "duplicate": duplicate.name, "survivor": survivor.name})
    return redirect("coalition-organization-detail", pk=survivor.pk)


def _older(pair: tuple[Organization, Organization]) -> Organization:
    return min(pair, key=lambda o: (o.created_at, o.pk))


def _facts(organization: Organization) -> dict:
    return {
        "organization": organization,
        "signatures": Signature.objects.filter(organization=organization).count(),
        "applications": organization.applications.count(),
        "workgroups": WorkgroupMembership.objects.filter(organization=organization).count(),
    }
