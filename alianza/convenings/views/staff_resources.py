"""After an event: attach its recording, slides and notes (library resources)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.convenings import selectors_staff
from alianza.convenings.services_staff import event_resources_set
from alianza.convenings.views.staff_common import search_query, staff_event
from alianza.core.access import staff_required
from alianza.library.models import Resource, ResourceText

# The kinds an event leaves behind, offered first.
EVENT_KINDS = (Resource.Kind.RECORDING, Resource.Kind.SLIDES, Resource.Kind.LINK)


def _title(resource: Resource, language: str) -> str:
    texts = {text.language: text.title for text in resource.texts.all()}
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), resource.slug)


@require_http_methods(["GET", "POST"])
@staff_required("convenings.change_event")
def event_resources(request: HttpRequest, pk: int) -> HttpResponse:
    event = staff_event(pk)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("resources") if v.isdigit()][:100]
        event_resources_set(event=event, resources=list(Resource.objects.filter(pk__in=ids)))
        messages.success(request, _("The event's resources were saved."))
        return redirect("events-staff-detail", pk=event.pk)
    query = search_query(request)
    attached = set(event.resources.values_list("pk", flat=True))
    candidates = Resource.objects.prefetch_related(
        Prefetch("texts", queryset=ResourceText.objects.only("resource_id", "language", "title")))
    if query:
        candidates = candidates.filter(Q(texts__title__icontains=query) | Q(slug__icontains=query))
    else:
        candidates = candidates.filter(Q(kind__in=EVENT_KINDS) | Q(pk__in=attached))
    language = get_language() or "en"
    shown = list(candidates.distinct().order_by("-published_on", "-pk")[:60])
    shown += list(Resource.objects.filter(pk__in=attached - {r.pk for r in shown}))
    return render(request, "convenings/staff/event_resources.html", {
        "event": event, "title": selectors_staff.event_title(event), "query": query,
        "resources": [{"pk": r.pk, "title": _title(r, language), "kind": r.get_kind_display(),
                       "published_on": r.published_on, "attached": r.pk in attached}
                      for r in shown],
    })
