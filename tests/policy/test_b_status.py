"""A bill's status read from its actions as Open States classifies them."""

from __future__ import annotations

import datetime

import pytest

from alianza.policy import bill_status
from alianza.policy.bill_status import derive_status, latest_action_date
from alianza.policy.models import BillStatus

D = datetime.date


def act(day: str, *kinds: str, chamber: str = "lower", order: int = 0) -> dict:
    return {"date": D.fromisoformat(day), "classification": list(kinds), "chamber": chamber,
            "order": order}


INTRODUCED = act("2024-02-12", "introduction")
REFERRED = act("2024-02-26", "referral-committee")
OUT_OF_COMMITTEE = act("2024-04-11", "committee-passage-favorable")
PASSED_ASSEMBLY = act("2024-05-22", "passage", "reading-3")
IN_SENATE_COMMITTEE = act("2024-06-05", "referral-committee", chamber="upper")
PASSED_SENATE = act("2024-08-27", "passage", "reading-3", chamber="upper")
TO_GOVERNOR = act("2024-09-05", "executive-receipt")


def test_the_pure_module_speaks_the_models_status_values():
    assert set(bill_status.STATUSES) == set(BillStatus.values)


def test_a_bill_without_actions_is_introduced_with_no_date():
    assert derive_status([]) == bill_status.DerivedStatus("introduced", None)


def test_actions_without_classification_change_nothing():
    derived = derive_status([INTRODUCED, act("2024-02-13"), act("2024-03-01")])
    assert (derived.status, derived.date) == ("introduced", D(2024, 2, 12))


@pytest.mark.parametrize(("actions", "status", "day"), [
    ([INTRODUCED], "introduced", "2024-02-12"),
    ([INTRODUCED, REFERRED], "in_committee", "2024-02-26"),
    # Leaving a committee is still the committee stage until the floor votes.
    ([INTRODUCED, REFERRED, OUT_OF_COMMITTEE], "in_committee", "2024-02-26"),
    ([INTRODUCED, REFERRED, OUT_OF_COMMITTEE, PASSED_ASSEMBLY], "passed_one_chamber",
     "2024-05-22"),
    # A referral in the second house does not undo passing the first.
    ([INTRODUCED, PASSED_ASSEMBLY, IN_SENATE_COMMITTEE], "passed_one_chamber", "2024-05-22"),
    ([INTRODUCED, PASSED_ASSEMBLY, IN_SENATE_COMMITTEE, PASSED_SENATE], "passed_legislature",
     "2024-08-27"),
    ([INTRODUCED, PASSED_ASSEMBLY, PASSED_SENATE, TO_GOVERNOR], "passed_legislature",
     "2024-08-27"),
    ([INTRODUCED, PASSED_ASSEMBLY, PASSED_SENATE, TO_GOVERNOR,
      act("2024-09-22", "executive-signature", chamber="")], "signed", "2024-09-22"),
    ([INTRODUCED, PASSED_ASSEMBLY, PASSED_SENATE, TO_GOVERNOR,
      act("2024-09-28", "executive-veto", chamber="")], "vetoed", "2024-09-28"),
    ([INTRODUCED, PASSED_ASSEMBLY, PASSED_SENATE, act("2024-09-30", "became-law")], "signed",
     "2024-09-30"),
    ([INTRODUCED, act("2024-09-30", "chaptered")], "signed", "2024-09-30"),
    ([INTRODUCED, REFERRED, act("2024-04-24", "committee-failure")], "failed", "2024-04-24"),
    ([INTRODUCED, PASSED_ASSEMBLY, act("2024-08-30", "failure", chamber="upper")], "failed",
     "2024-08-30"),
    ([INTRODUCED, act("2024-03-01", "withdrawal")], "withdrawn", "2024-03-01"),
    ([INTRODUCED, act("2024-03-01", "referral")], "in_committee", "2024-03-01"),
])
def test_status_follows_the_bills_path(actions, status, day):
    derived = derive_status(actions)
    assert (derived.status, derived.date) == (status, D.fromisoformat(day))


def test_passing_the_same_house_twice_is_not_passing_both():
    concurred = act("2024-08-30", "passage")
    derived = derive_status([INTRODUCED, PASSED_ASSEMBLY, concurred])
    assert derived.status == "passed_one_chamber"
    assert derived.passed_chambers == {"lower"}


def test_a_bill_that_fails_and_is_reconsidered_moves_on():
    failed = act("2024-04-24", "committee-failure")
    reheard = act("2024-04-30", "committee-passage")
    passed = act("2024-05-20", "passage")
    assert derive_status([INTRODUCED, REFERRED, failed, reheard]).status == "in_committee"
    assert derive_status([INTRODUCED, REFERRED, failed, reheard, passed]).status == \
        "passed_one_chamber"


def test_a_signed_bill_stays_signed_whatever_follows():
    signed = act("2024-09-22", "executive-signature")
    later = act("2024-10-01", "failure")
    assert derive_status([INTRODUCED, signed, later]).status == "signed"


def test_a_veto_overridden_in_both_houses_becomes_law():
    veto = act("2024-09-28", "executive-veto", chamber="")
    lower = act("2024-10-05", "veto-override-passage")
    upper = act("2024-10-06", "veto-override-passage", chamber="upper")
    assert derive_status([INTRODUCED, veto, lower]).status == "vetoed"
    derived = derive_status([INTRODUCED, veto, lower, upper])
    assert (derived.status, derived.date) == ("signed", D(2024, 10, 6))


def test_a_chaptered_resolution_is_adopted_not_signed():
    chaptered = act("2024-08-29", "chaptered")
    derived = derive_status([INTRODUCED, PASSED_ASSEMBLY, chaptered],
                            bill_classification=["concurrent resolution"])
    assert (derived.status, derived.date) == ("passed_legislature", D(2024, 8, 29))


def test_actions_are_read_in_date_order_then_by_their_order():
    same_day = [act("2024-09-22", "became-law", order=2),
                act("2024-09-22", "executive-veto", order=1), INTRODUCED]
    assert derive_status(same_day).status == "signed"


def test_objects_with_attributes_are_read_like_dicts():
    class Action:
        def __init__(self, date, classification, chamber):
            self.date, self.classification, self.chamber = date, classification, chamber

    actions = [Action(D(2024, 2, 1), ["introduction"], "lower"),
               Action(D(2024, 5, 1), ["passage"], "lower")]
    assert derive_status(actions).status == "passed_one_chamber"
    assert latest_action_date(actions) == D(2024, 5, 1)
