"""Where a bill stands, read from its actions as Open States classifies them.

Open States tags each action with words from a fixed vocabulary (``introduction``,
``referral-committee``, ``committee-passage-favorable``, ``passage``, ``executive-signature``,
``became-law``...); many of California's actions carry none and change nothing here. A bill
moves forward through stages (introduced, in committee, passed one house, passed both) and
never moves back through them: a bill that passed the Assembly and is referred to a Senate
committee has still passed one house. Failing or being withdrawn stops it until a later
action shows it moving again (reconsideration). Signed and vetoed are the governor's.

Pure Python: the values are the ones of ``BillStatus`` (alianza/policy/models/bills.py); a
test checks they match.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

INTRODUCED = "introduced"
IN_COMMITTEE = "in_committee"
PASSED_ONE_CHAMBER = "passed_one_chamber"
PASSED_LEGISLATURE = "passed_legislature"
SIGNED = "signed"
VETOED = "vetoed"
FAILED = "failed"
WITHDRAWN = "withdrawn"
STATUSES = (INTRODUCED, IN_COMMITTEE, PASSED_ONE_CHAMBER, PASSED_LEGISLATURE, SIGNED, VETOED,
            FAILED, WITHDRAWN)

_STAGES = (INTRODUCED, IN_COMMITTEE, PASSED_ONE_CHAMBER, PASSED_LEGISLATURE)
_STARTS = {"introduction", "filing", "reading-1"}
_COMMITTEE = {"referral-committee", "referral", "committee-passage",
              "committee-passage-favorable", "committee-passage-unfavorable"}
_LAW = {"executive-signature", "became-law"}
# Measures the governor does not sign: chaptering one means it was adopted, not signed.
_NOT_FOR_THE_GOVERNOR = {"resolution", "concurrent resolution", "joint resolution",
                         "constitutional amendment"}
CHAMBERS = ("lower", "upper")


@dataclass(frozen=True)
class DerivedStatus:
    status: str
    date: datetime.date | None  # when the bill reached this status
    passed_chambers: frozenset[str] = frozenset()


def _get(action: Any, name: str, default: Any = None) -> Any:
    if isinstance(action, dict):
        return action.get(name, default)
    return getattr(action, name, default)


def derive_status(actions: Iterable[Any], *,
                  bill_classification: Iterable[str] = ("bill",)) -> DerivedStatus:
    """The status of a bill with these actions, and the date it was reached.

    ``actions`` are objects or dicts with ``date`` (a date), ``classification`` (a list of
    Open States words), ``chamber`` ("lower", "upper", or blank) and optionally ``order``.
    """
    goes_to_governor = not (set(bill_classification) & _NOT_FOR_THE_GOVERNOR)
    ordered = sorted(actions, key=lambda a: (_get(a, "date"), _get(a, "order", 0) or 0))
    stage, stage_date = INTRODUCED, None
    stop, stop_date = "", None  # failed/withdrawn/vetoed/signed, while it holds
    passed: set[str] = set()
    overridden: set[str] = set()

    def reach(new_stage: str, date: datetime.date) -> None:
        nonlocal stage, stage_date, stop, stop_date
        if stop in (SIGNED,):
            return
        if stop in (FAILED, WITHDRAWN):  # moving again: reconsidered, or re-referred
            stop, stop_date = "", None
        if _STAGES.index(new_stage) > _STAGES.index(stage) or stage_date is None:
            stage = max(stage, new_stage, key=_STAGES.index)
            stage_date = date

    for action in ordered:
        kinds = set(_get(action, "classification") or ())
        date = _get(action, "date")
        chamber = _get(action, "chamber") or ""
        if not kinds or stop == SIGNED:
            continue
        if kinds & _LAW or ("chaptered" in kinds and goes_to_governor):
            stop, stop_date = SIGNED, date
            continue
        if "chaptered" in kinds:  # a resolution or amendment filed with the Secretary
            reach(PASSED_LEGISLATURE, date)
            continue
        if "executive-veto" in kinds:
            stop, stop_date = VETOED, date
            continue
        if "veto-override-passage" in kinds:
            overridden.add(chamber)
            if set(CHAMBERS) <= overridden:
                stop, stop_date = SIGNED, date
            continue
        if "withdrawal" in kinds:
            if stop != VETOED:
                stop, stop_date = WITHDRAWN, date
            continue
        if kinds & {"failure", "committee-failure"}:
            if stop != VETOED:
                stop, stop_date = FAILED, date
            continue
        if "executive-receipt" in kinds:
            passed.update(CHAMBERS)
            reach(PASSED_LEGISLATURE, date)
        elif "passage" in kinds:
            passed.add(chamber)
            both = set(CHAMBERS) <= passed
            reach(PASSED_LEGISLATURE if both else PASSED_ONE_CHAMBER, date)
        elif kinds & _COMMITTEE:
            reach(IN_COMMITTEE, date)
        elif kinds & _STARTS:
            reach(INTRODUCED, date)
    if stop:
        return DerivedStatus(stop, stop_date, frozenset(passed))
    return DerivedStatus(stage, stage_date, frozenset(passed))


def latest_action_date(actions: Iterable[Any]) -> datetime.date | None:
    return max((_get(a, "date") for a in actions if _get(a, "date")), default=None)
