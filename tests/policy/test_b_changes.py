"""What the import tells alerts about: new actions, votes and hearings on tracked bills."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alianza.policy.models import Bill, BillChange, LegislativeSession
from alianza.policy.services.bill_import import bills_import
from tests.policy.bills_b import EVENTS, PAGE_1, load, page_with, write

pytestmark = pytest.mark.django_db
NEW_ACTION = {"date": "2024-05-01", "description": "Referred to Com. on APPR.",
              "classification": ["referral-committee"]}
NEW_VOTE = {"motion_text": "Do pass as amended.", "start_date": "2024-05-08",
            "result": "pass", "identifier": "", "organization": {"name": "Assembly",
                                                                 "classification": "lower"},
            "counts": [{"option": "yes", "value": 11}, {"option": "no", "value": 4}],
            "votes": []}


def track(identifier: str) -> Bill:
    bill = Bill.objects.get(identifier=identifier)
    bill.is_tracked = True
    bill.save(update_fields=["is_tracked"])
    return bill


def test_a_new_action_and_vote_on_a_tracked_bill_are_news(tmp_path):
    bills_import(paths=[PAGE_1])
    bill = track("AB 9103")
    bills_import(paths=[write(tmp_path / "p.json", page_with(
        "AB 9103", add_action=NEW_ACTION, add_vote=NEW_VOTE))])
    changes = {c.kind: c for c in BillChange.objects.filter(bill=bill)}
    assert set(changes) == {"action", "vote"}
    assert changes["action"].occurred_on == datetime.date(2024, 5, 1)
    assert changes["action"].description == "Referred to Com. on APPR."
    assert changes["vote"].occurred_on == datetime.date(2024, 5, 8)
    assert changes["vote"].description == "Do pass as amended. (11–4)"


def test_the_first_import_of_a_bill_is_not_news_even_when_tracked(tmp_path):
    # Staff enter a bill by hand and track it before the feed has it.
    session = LegislativeSession.objects.create(identifier="20232024",
                                                name="2023-2024 Regular Session")
    Bill.objects.create(session=session, identifier="AB 9101", title="Entered by staff",
                        is_tracked=True)
    report = bills_import(paths=[PAGE_1])
    assert (report.created, report.updated) == (3, 1)
    assert not BillChange.objects.exists()


def test_news_about_bills_nobody_tracks_is_not_recorded(tmp_path):
    bills_import(paths=[PAGE_1])
    bills_import(paths=[write(tmp_path / "p.json", page_with(
        "AB 9103", add_action=NEW_ACTION, add_vote=NEW_VOTE))])
    assert not BillChange.objects.exists()


def test_importing_the_same_news_again_records_it_once(tmp_path):
    bills_import(paths=[PAGE_1])
    track("AB 9103")
    path = write(tmp_path / "p.json", page_with("AB 9103", add_action=NEW_ACTION))
    bills_import(paths=[path])
    bills_import(paths=[path])
    assert BillChange.objects.count() == 1


def test_a_corrected_vote_count_is_not_a_new_vote(tmp_path):
    bills_import(paths=[PAGE_1])
    track("AB 9103")
    document = load(PAGE_1)
    record = next(r for r in document["results"] if r["identifier"] == "AB 9103")
    record["votes"][0]["counts"][0]["value"] = 4
    bills_import(paths=[write(tmp_path / "p.json", document)])
    assert not BillChange.objects.exists()


def test_an_upcoming_hearing_of_a_tracked_bill_is_news_and_so_is_moving_it(tmp_path):
    bills_import(paths=[PAGE_1])
    bill = track("AB 9101")
    events = load(EVENTS)
    soon = timezone.now() + datetime.timedelta(days=10)
    events["results"][0]["start_date"] = soon.isoformat()
    bills_import(paths=[write(tmp_path / "e1.json", events)])
    change = BillChange.objects.get()
    assert (change.bill, change.kind) == (bill, "hearing")
    assert change.description == "Assembly Education Committee, 1021 O Street, Room 1100"
    later = soon + datetime.timedelta(days=7)
    events["results"][0]["start_date"] = later.isoformat()
    bills_import(paths=[write(tmp_path / "e2.json", events)])
    assert BillChange.objects.filter(kind="hearing").count() == 2
    events["results"][0]["status"] = "cancelled"
    bills_import(paths=[write(tmp_path / "e3.json", events)])
    assert BillChange.objects.order_by("pk").last().description.endswith("(cancelled)")


def test_past_hearings_read_for_the_record_are_not_news():
    bills_import(paths=[PAGE_1])
    track("AB 9101")
    report = bills_import(paths=[EVENTS])
    assert report.hearings_created == 2
    assert not BillChange.objects.exists()
