"""The meeting reports: meetings per legislator and per bill, asks made, follow-ups due."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alianza.core.access import staff_required
from alianza.policy.selectors.meetings import (
    SOON_DAYS,
    asks_made,
    follow_ups_due,
    meetings_per_bill,
    meetings_per_legislator,
)


@require_GET
@staff_required("policy.view_meeting")
def meeting_reports(request: HttpRequest) -> HttpResponse:
    return render(request, "policy/meetings/reports.html", {
        "per_legislator": list(meetings_per_legislator()),
        "per_bill": meetings_per_bill(),
        "asks": list(asks_made()[:500]),
        "follow_ups": list(follow_ups_due()),
        "soon_days": SOON_DAYS,
        "today": timezone.localdate(),
    })
