"""The staff people list: search, filters from every module, sorting, paging, bulk actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from alianza.coalition.people_filters import language_label
from alianza.coalition.selectors_people import (
    SORTS,
    FilterChoices,
    PeopleQuery,
    people_filtered,
    people_page,
    people_query_from_string,
    people_query_parse,
)
from alianza.core.access import keep_private, staff_required
from alianza.core.people import PersonBulkAction, person_bulk_actions, person_filters

SORT_LABELS = {
    "name": pgettext_lazy("sort people by", "Name"),
    "email": pgettext_lazy("sort people by", "Email"),
    "newest": pgettext_lazy("sort people by", "Newest first"),
    "county": pgettext_lazy("sort people by", "County"),
}
# Ids a bulk action reads at once when it applies to everyone matching; far above any
# coalition's list, and a bound on what one request may do.
ALL_MATCHING_LIMIT = 200_000


def _actions_for(user) -> list[PersonBulkAction]:
    return [action for action in person_bulk_actions() if user.has_perm(action.permission)]


def _filter_groups(query: PeopleQuery, known: FilterChoices) -> list[dict]:
    """The filters for the template, gathered under their modules' headings."""
    groups: dict[str, dict] = {}
    for person_filter in person_filters():
        chosen = set(query.filters.get(person_filter.key, []))
        choices = [(str(value), str(label), str(value) in chosen)
                   for value, label in known[person_filter.key]]
        if not choices:
            continue
        group = groups.setdefault(str(person_filter.group), {
            "label": person_filter.group, "filters": []})
        group["filters"].append({"key": person_filter.key, "label": person_filter.label,
                                 "choices": choices, "active": bool(chosen)})
    return list(groups.values())


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if raw.isdigit() and 0 < int(raw) < 100_000:
        return int(raw)
    messages.warning(request, _("“%(page)s” is not a page number; here is the first page.")
                     % {"page": raw[:20]})
    return 1


@require_GET
@staff_required("coalition.view_person")
def people_list(request: HttpRequest) -> HttpResponse:
    known = FilterChoices()
    query = people_query_parse(dict(request.GET.lists()), known)
    for problem in query.problems:
        messages.warning(request, problem)
    people = people_filtered(query)
    number = _page_number(request)
    page = people_page(people, number)
    if not page.people and number > 1:
        messages.warning(request, _("There is no page %(number)s of this list; here is the first "
                                    "page.") % {"number": number})
        page = people_page(people, 1)
    actions = _actions_for(request.user)
    return keep_private(render(request, "coalition/staff/people.html", {
        "query": query,
        "query_string": query.query_string(),
        "page": page,
        "rows": [(person, language_label(person.preferred_language),
                  next(iter(person.affiliations.all()), None)) for person in page.people],
        "filter_groups": _filter_groups(query, known),
        "active_filters": sum(len(v) for v in query.filters.values()),
        "sorts": [(key, SORT_LABELS[key]) for key in SORTS],
        "actions": [(action, action.form(None) if action.form else None)
                    for action in actions],
    }))


@require_POST
@staff_required("coalition.view_person")
def people_action(request: HttpRequest) -> HttpResponse:
    """Run one bulk action on the ticked people, or on everyone the list's query selects."""
    query_string = request.POST.get("people_query", "")[:2000]
    back = reverse("coalition-people") + (f"?{query_string}" if query_string else "")
    actions = {action.key: action for action in _actions_for(request.user)}
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Choose what to do with the people."))
        return redirect(back)
    query = people_query_from_string(query_string)
    data = QueryDict(mutable=True)
    data.update(request.POST)
    data["people_query"] = query.query_string(with_sort=False)
    if action.on_query:
        ids: list[int] = []
    elif request.POST.get("scope") == "all":
        ids = list(people_filtered(query).order_by().values_list("pk", flat=True)
                   [:ALL_MATCHING_LIMIT])
    else:
        ids = sorted({int(v) for v in request.POST.getlist("person") if v.isdigit()})
        ids = list(people_filtered(query).filter(pk__in=ids).order_by()
                   .values_list("pk", flat=True)) if ids else []
        if not ids:
            messages.error(request, _("Tick at least one person, or choose everyone matching "
                                      "the filters."))
            return redirect(back)
    try:
        result = action.run(ids, request.user, data)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(back)
    if isinstance(result, HttpResponseBase):
        return result
    messages.success(request, result)
    return redirect(back)
