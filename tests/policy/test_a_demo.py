"""The demo's legislators (the real files shipped with the app) and its May 2024 visit."""

from __future__ import annotations

import pytest

from alianza.policy.demo.legislators import demo_legislators
from alianza.policy.demo.meetings import demo_meetings
from alianza.policy.models import Bill, Legislator, Meeting, MeetingAttendee
from alianza.policy.selectors.meetings import follow_ups_due

pytestmark = pytest.mark.django_db


def test_the_demo_visits_two_offices_in_may_2024_with_one_overdue_follow_up_and_runs_twice():
    demo_legislators()
    demo_meetings()
    demo_meetings()

    assert Legislator.objects.count() == 152
    meetings = list(Meeting.objects.order_by("date"))
    assert [(m.date.isoformat(), m.legislator.name) for m in meetings] == [
        ("2024-05-14", "Al Muratsuchi"), ("2024-05-15", "Josh Newman")]
    assert all(m.status == "done" and m.office.kind == "capitol" for m in meetings)
    roles = set(MeetingAttendee.objects.values_list("role", flat=True))
    assert roles == {"co_chair", "parent"}
    due = list(follow_ups_due())
    assert len(due) == 1 and due[0].meeting == meetings[0]
    # Bills the demo had to create say so rather than invent a title.
    assert set(Bill.objects.values_list("title", flat=True)) == {
        "Summary to be written by staff"}
