"""What every staff event page shares: the event lookup, the search box's query."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from alianza.convenings.models import Event
from alianza.convenings.selectors_staff import event_for_staff


def staff_event(pk: int) -> Event:
    try:
        return event_for_staff(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None


def search_query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:100]
