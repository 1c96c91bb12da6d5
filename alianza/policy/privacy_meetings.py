"""The meetings part of a person's data, for export and erasure (core.privacy): which
advocacy meetings they went to, and in what role."""

from __future__ import annotations

from typing import Any

from alianza.policy.models import MeetingAttendee


def meetings_export(person) -> list[dict[str, Any]]:
    rows = MeetingAttendee.objects.filter(person=person).select_related(
        "meeting__legislator", "meeting__office").order_by("meeting__date")
    return [{"date": a.meeting.date.isoformat(), "legislator": a.meeting.legislator.name,
             "office": a.meeting.office.get_kind_display() if a.meeting.office else "",
             "status": a.meeting.status, "role": a.role, "purpose": a.meeting.purpose}
            for a in rows]


def meetings_erase(person) -> dict[str, int]:
    """The attendance stays without the person (its role kept), so meeting counts hold."""
    count = MeetingAttendee.objects.filter(person=person).update(person=None)
    return {"meeting_attendances_anonymised": count}
