"""Reads about advocacy meetings: the staff list, one meeting, and the reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from alianza.policy.models import (
    Bill,
    BudgetItem,
    Legislator,
    Meeting,
    MeetingAsk,
    MeetingFollowUp,
)

SOON_DAYS = 7  # the report lists follow-ups due within a week, and every overdue one


def meetings_for_staff(*, legislator: Legislator | None = None, bill: Bill | None = None,
                       status: str = "") -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("legislator", "office").annotate(
        attendee_count=Count("attendees", distinct=True),
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_at=None),
                              distinct=True))
    if legislator is not None:
        meetings = meetings.filter(legislator=legislator)
    if bill is not None:
        meetings = meetings.filter(Q(bills=bill) | Q(asks__bill=bill)).distinct()
    if status:
        meetings = meetings.filter(status=status)
    return meetings.order_by("-date", "-pk")


def meeting_for_staff(pk: int) -> Meeting:
    return (Meeting.objects.select_related("legislator", "office")
            .prefetch_related("bills", "budget_items", "attendees__person",
                              "asks__bill", "asks__budget_item", "follow_ups__owner",
                              "attachments")
            .get(pk=pk))


def bills_for_meetings() -> QuerySet[Bill]:
    """The bills a meeting may discuss: those the coalition tracks."""
    return Bill.objects.filter(is_tracked=True).select_related("session").order_by(
        "-session__start_date", "identifier")


def meetings_per_legislator() -> QuerySet[Legislator]:
    return (Legislator.objects
            .annotate(held=Count("meetings", filter=Q(meetings__status=Meeting.Status.DONE)),
                      planned=Count("meetings",
                                    filter=Q(meetings__status=Meeting.Status.PLANNED)),
                      last=Max("meetings__date", filter=Q(
                          meetings__status=Meeting.Status.DONE)))
            .filter(Q(held__gt=0) | Q(planned__gt=0))
            .order_by("-held", "family_name"))


@dataclass
class BillMeetings:
    bill: Bill
    meetings: int
    asks: int


def meetings_per_bill() -> list[BillMeetings]:
    """Meetings where a bill was discussed or asked about; cancelled ones do not count."""
    live = ~Q(status=Meeting.Status.CANCELLED)
    counted: dict[int, set[int]] = {}
    for bill_id, meeting_id in Meeting.objects.filter(live, bills__isnull=False).values_list(
            "bills", "pk"):
        counted.setdefault(bill_id, set()).add(meeting_id)
    asks: dict[int, int] = {}
    for ask in MeetingAsk.objects.filter(bill__isnull=False).exclude(
            meeting__status=Meeting.Status.CANCELLED).values("bill", "meeting"):
        counted.setdefault(ask["bill"], set()).add(ask["meeting"])
        asks[ask["bill"]] = asks.get(ask["bill"], 0) + 1
    bills = Bill.objects.in_bulk(list(counted))
    rows = [BillMeetings(bill=bills[pk], meetings=len(ids), asks=asks.get(pk, 0))
            for pk, ids in counted.items()]
    return sorted(rows, key=lambda r: (-r.meetings, r.bill.identifier))


def asks_made() -> QuerySet[MeetingAsk]:
    return (MeetingAsk.objects.exclude(meeting__status=Meeting.Status.CANCELLED)
            .select_related("meeting__legislator", "bill", "budget_item")
            .order_by("bill__identifier", "budget_item__name", "-meeting__date"))


def budget_items_for_meetings() -> QuerySet[BudgetItem]:
    return BudgetItem.objects.order_by("name")


def follow_ups_due(*, today: datetime.date | None = None, within_days: int = SOON_DAYS,
                   owner=None) -> QuerySet[MeetingFollowUp]:
    """Open follow-ups that are overdue or due within ``within_days``."""
    today = today or timezone.localdate()
    due = (MeetingFollowUp.objects.filter(done_at=None,
                                          due_date__lte=today + datetime.timedelta(
                                              days=within_days))
           .exclude(meeting__status=Meeting.Status.CANCELLED)
           .select_related("meeting__legislator", "owner"))
    if owner is not None:
        due = due.filter(owner=owner)
    return due.order_by("due_date", "pk")
