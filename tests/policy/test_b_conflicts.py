"""A later import never silently overwrites what staff corrected: it opens a conflict, which
staff settle by keeping their value or taking the feed's."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from alianza.policy.models import Bill, BillAction, BillConflict
from alianza.policy.services.bill_import import bill_status_refresh, bills_import
from alianza.policy.services.tracker import bill_conflict_resolve
from tests.policy.bills_b import PAGE_1, page_with, write

pytestmark = pytest.mark.django_db
STAFF_TITLE = "Reclassification reporting (staff's wording)"


@pytest.fixture
def edited_bill() -> Bill:
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier="AB 9103")
    bill.title = STAFF_TITLE
    bill.staff_edited = ["title"]
    bill.save()
    return bill


def feed_with(tmp_path, name: str, **changes) -> list:
    return [write(tmp_path / name, page_with("AB 9103", **changes))]


def test_a_feed_change_to_a_field_staff_edited_opens_a_conflict_and_keeps_staffs_value(
        edited_bill, tmp_path):
    report = bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended"))
    assert (report.updated, report.conflicts) == (1, 1)
    edited_bill.refresh_from_db()
    assert edited_bill.title == STAFF_TITLE
    conflict = BillConflict.objects.get()
    assert (conflict.bill, conflict.field, conflict.staff_value, conflict.feed_value) == (
        edited_bill, "title", STAFF_TITLE, "Feed title, amended")
    assert conflict.source == str(tmp_path / "1.json")
    assert conflict.resolved_at is None


def test_fields_staff_did_not_touch_still_follow_the_feed(edited_bill, tmp_path):
    bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended",
                                 subject=["Education", "Accountability"]))
    edited_bill.refresh_from_db()
    assert edited_bill.subjects == ["Education", "Accountability"]


def test_one_open_conflict_per_field_follows_the_feed_as_it_changes_again(
        edited_bill, tmp_path):
    bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended"))
    first = BillConflict.objects.get()
    report = bills_import(paths=feed_with(tmp_path, "2.json", title="Feed title, amended twice"))
    assert report.conflicts == 1
    conflict = BillConflict.objects.get()
    assert conflict.pk == first.pk
    assert conflict.feed_value == "Feed title, amended twice"
    assert conflict.source == str(tmp_path / "2.json")
    # Another change to the bill, the title as before: the conflict stays as it is.
    report = bills_import(paths=feed_with(
        tmp_path, "3.json", title="Feed title, amended twice",
        add_action={"date": "2024-05-01", "description": "Referred to Com. on APPR.",
                    "classification": ["referral-committee"]}))
    assert (report.updated, report.conflicts) == (1, 0)
    assert BillConflict.objects.get().feed_value == "Feed title, amended twice"


def test_keeping_staffs_value_settles_it_until_the_feed_says_something_new(
        edited_bill, tmp_path):
    bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended"))
    conflict = bill_conflict_resolve(conflict=BillConflict.objects.get(), keep="staff")
    assert conflict.kept == "staff" and conflict.resolved_at is not None
    edited_bill.refresh_from_db()
    assert edited_bill.title == STAFF_TITLE and edited_bill.staff_edited == ["title"]
    # The same feed title, with other news: no new conflict.
    report = bills_import(paths=feed_with(
        tmp_path, "2.json", title="Feed title, amended",
        add_action={"date": "2024-05-01", "description": "Referred to Com. on APPR.",
                    "classification": ["referral-committee"]}))
    assert report.conflicts == 0
    assert not BillConflict.objects.filter(resolved_at__isnull=True).exists()
    report = bills_import(paths=feed_with(tmp_path, "3.json", title="A new feed title"))
    assert report.conflicts == 1
    assert BillConflict.objects.get(resolved_at__isnull=True).feed_value == "A new feed title"


def test_taking_the_feeds_value_writes_it_and_the_field_follows_the_feed_again(
        edited_bill, tmp_path):
    bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended"))
    bill_conflict_resolve(conflict=BillConflict.objects.get(), keep="feed")
    edited_bill.refresh_from_db()
    assert edited_bill.title == "Feed title, amended"
    assert edited_bill.staff_edited == []
    bills_import(paths=feed_with(tmp_path, "2.json", title="Feed title, amended twice"))
    edited_bill.refresh_from_db()
    assert edited_bill.title == "Feed title, amended twice"
    assert BillConflict.objects.filter(resolved_at__isnull=True).count() == 0


def test_a_conflict_is_settled_once(edited_bill, tmp_path):
    bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended"))
    conflict = BillConflict.objects.get()
    bill_conflict_resolve(conflict=conflict, keep="staff")
    with pytest.raises(ValidationError):
        bill_conflict_resolve(conflict=conflict, keep="feed")
    conflict.refresh_from_db()
    assert conflict.kept == "staff"
    edited_bill.refresh_from_db()
    assert edited_bill.title == STAFF_TITLE
    other = BillConflict.objects.create(bill=edited_bill, field="abstract", staff_value="a",
                                        feed_value="b")
    with pytest.raises(ValidationError):
        bill_conflict_resolve(conflict=other, keep="both")


def test_when_the_feed_comes_round_to_staffs_value_the_open_conflict_closes(
        edited_bill, tmp_path):
    bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended"))
    report = bills_import(paths=feed_with(tmp_path, "2.json", title=STAFF_TITLE))
    assert report.conflicts == 0
    conflict = BillConflict.objects.get()
    assert conflict.resolved_at is not None and conflict.kept == "staff"


def test_a_feed_value_staff_never_saw_opens_a_conflict_even_after_one_closed_by_itself(
        edited_bill, tmp_path):
    bills_import(paths=feed_with(tmp_path, "1.json", title="Feed title, amended"))
    bills_import(paths=feed_with(tmp_path, "2.json", title=STAFF_TITLE))
    report = bills_import(paths=feed_with(tmp_path, "3.json", title="Feed title, amended"))
    assert report.conflicts == 1
    assert BillConflict.objects.get(resolved_at__isnull=True).feed_value == \
        "Feed title, amended"


def test_a_status_staff_set_by_hand_is_not_overwritten_by_the_derived_one(tmp_path):
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier="AB 9103")
    bill.status, bill.status_date = "withdrawn", datetime.date(2024, 4, 30)
    bill.staff_edited = ["status", "status_date"]
    bill.save()
    bills_import(paths=feed_with(tmp_path, "1.json", add_action={
        "date": "2024-05-01", "description": "Referred to Com. on APPR.",
        "classification": ["referral-committee"]}))
    bill.refresh_from_db()
    assert (bill.status, bill.status_date) == ("withdrawn", datetime.date(2024, 4, 30))
    conflicts = {c.field: c for c in BillConflict.objects.all()}
    assert conflicts["status"].feed_value == "in_committee"
    assert conflicts["status_date"].feed_value == "2024-03-04"
    bill_conflict_resolve(conflict=conflicts["status_date"], keep="feed")
    bill.refresh_from_db()
    assert bill.status_date == datetime.date(2024, 3, 4)


def test_an_action_staff_add_counts_in_the_status(tmp_path):
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier="AB 9103")
    BillAction.objects.create(bill=bill, order=50, date=datetime.date(2024, 6, 1),
                              description="Passed the Assembly (entered by staff).",
                              classification=["passage"], chamber="lower", is_manual=True)
    bill_status_refresh(bill=bill)
    assert (bill.status, bill.latest_action_date) == ("passed_one_chamber",
                                                      datetime.date(2024, 6, 1))
    # And so does the import, which keeps it.
    bills_import(paths=feed_with(tmp_path, "1.json", title="Amended title"))
    bill.refresh_from_db()
    assert bill.status == "passed_one_chamber"
