"""Importing Open States v3 bill JSON: what lands where, and that importing again is
harmless."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.policy.models import (
    CALIFORNIA,
    Bill,
    BillAction,
    BillChange,
    Hearing,
    LegislativeSession,
    Sponsorship,
)
from alianza.policy.services.bill_import import bills_import
from tests.policy.bills_b import (
    DATA,
    EVENTS,
    PAGE_1,
    PAGE_2,
    SEEDS,
    SINGLE,
    legislators,
    load,
    page_with,
    snapshot,
    write,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_page_of_bills_lands_with_its_actions_votes_versions_and_sponsors():
    people = legislators()
    report = bills_import(paths=[PAGE_1])
    assert (report.created, report.updated, report.unchanged, report.errors) == (4, 0, 0, 0)
    bill = Bill.objects.get(identifier="AB 9101")
    assert bill.session.identifier == "20232024"
    assert bill.session.name == "2023-2024 Regular Session"
    assert bill.session.jurisdiction == CALIFORNIA
    assert bill.openstates_id == "ocd-bill/0b7a3c1e-eeee-4000-8000-000000009101"
    assert bill.title.startswith("Pupil instruction: dual language immersion")
    assert bill.classification == ["bill"]
    assert bill.subjects == ["Education", "English learners"]
    assert "dual language immersion" in bill.abstract
    assert (bill.status, bill.status_date) == ("signed", D(2024, 9, 22))
    assert bill.latest_action_date == D(2024, 9, 22)
    assert bill.feed_updated_at.year == 2024
    actions = list(bill.actions.order_by("order"))
    assert len(actions) == 17
    assert (actions[0].order, actions[0].date, actions[0].description,
            actions[0].classification, actions[0].chamber, actions[0].organization) == (
        1, D(2024, 2, 12), "Introduced. To print.", ["introduction"], "lower", "Assembly")
    assert actions[9].chamber == "upper"
    assert actions[15].organization == "Governor" and actions[15].chamber == ""
    votes = list(bill.votes.order_by("date"))
    assert [v.motion for v in votes][0] == "Do pass and re-refer to Com. on APPR."
    assert votes[1].counts == {"yes": 62, "no": 10, "other": 8}
    assert votes[1].passed and votes[2].chamber == "upper"
    versions = list(bill.versions.order_by("date", "media_type"))
    assert len(versions) == 8  # four versions, each as HTML and PDF
    assert (versions[0].note, versions[0].date, versions[0].media_type) == (
        "Introduced", D(2024, 2, 12), "application/pdf")
    assert versions[1].url == "https://example.org/leginfo/ab9101-introduced.html"
    sponsors = {s.name: s for s in bill.sponsorships.all()}
    assert sponsors["Quintero"].legislator == people["quintero"]  # by Open States id
    assert sponsors["Quintero"].primary and sponsors["Quintero"].classification == "primary"
    assert sponsors["Okafor"].legislator == people["okafor"]  # a senator coauthoring
    assert sponsors["Delgado"].legislator == people["delgado"]  # by name in the Assembly
    assert bill.source == str(PAGE_1)
    assert bill.imported_at is not None


@pytest.mark.parametrize(("identifier", "status", "day"), [
    ("SB 9102", "vetoed", D(2024, 9, 28)),
    ("AB 9103", "failed", D(2024, 4, 24)),
    ("ACA 9104", "signed", D(2024, 8, 29)),
])
def test_each_bill_gets_the_status_its_actions_say(identifier, status, day):
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier=identifier)
    assert (bill.status, bill.status_date) == (status, day)


def test_a_single_bill_a_list_and_a_folder_are_all_read():
    legislators()
    single = bills_import(paths=[SINGLE])
    assert single.created == 1
    hr = Bill.objects.get(identifier="HR 9106")
    assert hr.status == "withdrawn"
    # "Quintero, María" names the Assembly Member in the feed's other order.
    assert hr.sponsorships.get().legislator.family_name == "Quintero"
    folder = bills_import(paths=[DATA])
    assert folder.files == 5  # the folder's own files; bad/ is not read
    assert (folder.created, folder.unchanged) == (4 + 1 + 4, 1)
    assert folder.hearings_created == 2
    assert Bill.objects.get(identifier="SCR 9105").sponsorships.get().legislator.name == \
        "Daniel Okafor"


def test_a_plain_list_of_bills_is_read(tmp_path):
    path = write(tmp_path / "list.json", load(PAGE_1)["results"][:2])
    assert bills_import(paths=[path]).created == 2


def test_importing_the_same_file_again_changes_nothing_and_writes_nothing():
    legislators()
    bills_import(paths=[PAGE_1, PAGE_2, SINGLE, SEEDS])
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        report = bills_import(paths=[PAGE_1, PAGE_2, SINGLE, SEEDS])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 10)
    assert snapshot() == before
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_a_changed_bill_is_rewritten_by_difference_and_the_others_are_skipped(tmp_path):
    legislators()
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier="AB 9103")
    kept_ids = set(bill.actions.values_list("pk", flat=True))
    other = Bill.objects.get(identifier="AB 9101")
    other_stamp = other.imported_at
    changed = page_with("AB 9103", title="School accountability: reclassification, amended.",
                        add_action={"date": "2024-05-01", "description": "Referred to Com. "
                                    "on APPR.", "classification": ["referral-committee"]})
    report = bills_import(paths=[write(tmp_path / "page.json", changed)])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    bill.refresh_from_db()
    assert bill.title == "School accountability: reclassification, amended."
    # The bill that failed in committee and was referred again is moving again.
    assert (bill.status, bill.status_date) == ("in_committee", D(2024, 3, 4))
    assert bill.source == str(tmp_path / "page.json")
    actions = set(bill.actions.values_list("pk", flat=True))
    assert kept_ids < actions and len(actions - kept_ids) == 1
    other.refresh_from_db()
    assert other.imported_at == other_stamp


def test_actions_dropped_by_the_feed_go_but_those_staff_entered_stay(tmp_path):
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier="AB 9103")
    manual = BillAction.objects.create(bill=bill, order=99, date=D(2024, 5, 2),
                                       description="Coalition letter delivered to the author.",
                                       is_manual=True)
    document = load(PAGE_1)
    record = next(r for r in document["results"] if r["identifier"] == "AB 9103")
    record["actions"] = record["actions"][:2]
    record["votes"][0]["counts"][0]["value"] = 4  # a corrected count
    bills_import(paths=[write(tmp_path / "page.json", document)])
    descriptions = set(bill.actions.values_list("description", flat=True))
    assert descriptions == {"Introduced. To print.", "Referred to Com. on ED.",
                            manual.description}
    assert bill.votes.get().counts["yes"] == 4
    bill.refresh_from_db()
    assert bill.status == "in_committee"


def test_the_same_number_in_another_session_is_another_bill(tmp_path):
    bills_import(paths=[SEEDS])
    document = load(SEEDS)
    later = {**document["results"][0], "session": "2025-2026",
             "title": "AB 1947 (2025-26): official title to be entered by staff"}
    report = bills_import(paths=[write(tmp_path / "later.json", later)])
    assert report.created == 1
    assert Bill.objects.filter(identifier="AB 1947").count() == 2
    assert set(LegislativeSession.objects.values_list("identifier", flat=True)) == {
        "20232024", "20252026"}
    # Written another way, the 2023-24 bill is found, not duplicated.
    again = {**document["results"][0], "identifier": "A.B. 1947", "session": "2023-24"}
    report = bills_import(paths=[write(tmp_path / "again.json", again)])
    assert (report.created, report.unchanged) == (0, 1)


def test_sponsors_read_before_their_legislators_are_linked_on_a_later_import():
    bills_import(paths=[PAGE_1])
    assert not Sponsorship.objects.filter(legislator__isnull=False).exists()
    people = legislators()
    report = bills_import(paths=[PAGE_1])
    assert report.unchanged == 4
    assert report.sponsors_linked == Sponsorship.objects.count() == 6
    assert Sponsorship.objects.filter(name="Webb").get().legislator == people["webb"]


def test_a_family_name_two_members_share_links_to_neither(tmp_path):
    legislators()
    document = load(SINGLE)
    document["sponsorships"][0]["name"] = "Rivera"
    bills_import(paths=[write(tmp_path / "bill.json", document)])
    assert Sponsorship.objects.get().legislator is None


def test_hearings_come_from_events_and_follow_a_rescheduled_one(tmp_path):
    bills_import(paths=[PAGE_1])
    report = bills_import(paths=[EVENTS])
    assert report.hearings_created == 2
    hearing = Hearing.objects.get(bill__identifier="AB 9101")
    assert hearing.starts_at == datetime.datetime(2024, 4, 10, 20, 30, tzinfo=datetime.UTC)
    assert hearing.body == "Assembly Education Committee"
    assert hearing.location == "1021 O Street, Room 1100"
    assert hearing.source == str(EVENTS) and not hearing.is_manual
    assert bills_import(paths=[EVENTS]).hearings_created == 0
    moved = load(EVENTS)
    moved["results"][0]["start_date"] = "2024-04-17T13:30:00-07:00"
    moved["results"][0]["agenda"][0]["related_entities"].pop()  # AB 9103 taken off
    report = bills_import(paths=[write(tmp_path / "events.json", moved)])
    assert (report.hearings_updated, report.hearings_removed) == (1, 1)
    assert Hearing.objects.get().starts_at.date() == D(2024, 4, 17)
    cancelled = {**moved["results"][0], "status": "cancelled"}
    bills_import(paths=[write(tmp_path / "cancelled.json", [cancelled])])
    assert not Hearing.objects.exists()
    assert not BillChange.objects.exists()  # nobody tracks these bills


def test_hearings_entered_by_staff_are_left_alone(tmp_path):
    bills_import(paths=[PAGE_1])
    bill = Bill.objects.get(identifier="AB 9101")
    manual = Hearing.objects.create(bill=bill, body="Senate Education",
                                    starts_at=datetime.datetime(2024, 6, 26, 16, 0,
                                                                tzinfo=datetime.UTC),
                                    is_manual=True)
    cancelled = load(EVENTS)
    cancelled["results"][0]["status"] = "cancelled"
    bills_import(paths=[EVENTS, write(tmp_path / "cancelled.json", cancelled)])
    assert list(Hearing.objects.all()) == [manual]
