"""The daily reminder of meeting follow-ups due within a day or overdue, through the outbox."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from alianza.core.models import OutboundEmail
from alianza.policy.models import FollowUpReminder, Meeting, MeetingFollowUp
from alianza.policy.services.meetings import follow_ups_remind, meeting_create
from tests.policy import a_factories as make

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def meeting(django_user_model):
    owner = make.staff_user(django_user_model, "paula", email="paula@example.org")
    return meeting_create(created_by=owner, date=datetime.date(2024, 5, 14),
                          legislator=make.legislator(), status=Meeting.Status.DONE)


def _follow_up(meeting, description: str, due: datetime.date, owner=None,
               **fields) -> MeetingFollowUp:
    return MeetingFollowUp.objects.create(meeting=meeting, description=description,
                                          due_date=due, owner=owner or meeting.created_by,
                                          **fields)


def test_an_owner_gets_one_email_listing_what_is_overdue_and_due_tomorrow(meeting):
    _follow_up(meeting, "Send the district figures", _days(-3))
    _follow_up(meeting, "Call the scheduler", _days(1))
    _follow_up(meeting, "Plan the fall visit", _days(5))
    _follow_up(meeting, "Thank-you letter", _days(-10), done_at=timezone.now())

    assert follow_ups_remind() == 1

    email = OutboundEmail.objects.get()
    assert email.to == "paula@example.org" and email.language == "en"
    assert "overdue" in email.subject
    assert "Send the district figures" in email.body_text
    assert "Call the scheduler" in email.body_text
    assert "Plan the fall visit" not in email.body_text
    assert "Thank-you letter" not in email.body_text
    assert f"/en/policy/staff/meetings/{meeting.pk}/" in email.body_text
    assert FollowUpReminder.objects.filter(email=email).count() == 2


def test_an_owner_whose_person_record_is_in_spanish_is_reminded_in_spanish(meeting):
    make.person("Paula Robles", "paula@example.org", "es-MX")
    _follow_up(meeting, "Enviar las cifras del distrito", _days(-1))

    follow_ups_remind()

    email = OutboundEmail.objects.get()
    assert email.language == "es"
    assert "vencid" in email.subject
    assert "/es/policy/staff/meetings/" in email.body_text


def test_a_follow_up_is_reminded_at_most_once_a_day(meeting):
    _follow_up(meeting, "Send the district figures", _days(-3))

    call_command("policy_tick", verbosity=0)
    call_command("policy_tick", verbosity=0)
    assert OutboundEmail.objects.count() == 1

    assert follow_ups_remind(today=_days(1)) == 1  # the next day, again
    assert OutboundEmail.objects.count() == 2


def test_each_owner_gets_their_own_and_cancelled_meetings_are_left_out(
        meeting, django_user_model):
    ana = make.staff_user(django_user_model, "ana", email="ana@example.org")
    _follow_up(meeting, "Paula's task", _days(0))
    _follow_up(meeting, "Ana's task", _days(-1), owner=ana)
    cancelled = meeting_create(date=datetime.date(2024, 6, 1), legislator=meeting.legislator,
                               status=Meeting.Status.CANCELLED)
    _follow_up(cancelled, "Task of a cancelled visit", _days(-1), owner=ana)

    assert follow_ups_remind() == 2

    ana_email = OutboundEmail.objects.get(to="ana@example.org")
    assert "Ana's task" in ana_email.body_text
    assert "Paula's task" not in ana_email.body_text
    assert "cancelled visit" not in ana_email.body_text


def test_an_owner_who_left_is_not_emailed(meeting):
    owner = meeting.created_by
    owner.is_active = False
    owner.save()
    _follow_up(meeting, "Send the district figures", _days(-3))

    assert follow_ups_remind() == 0
    assert not OutboundEmail.objects.exists()
