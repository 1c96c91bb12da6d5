"""Demo bills: the four bills the coalition's seed pages name (AB 1947, AB 2071, AB 2074 and
AB 2268 of the 2023-24 session), imported through the same Open States import as real data
and marked as tracked.

They are real bills, so the demo states nothing about them beyond their numbers, session and
house of origin: the title and summary say staff will write them. Safe to run twice: the
import skips bills it already has, and tracking an already tracked bill changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from alianza.policy.models import CALIFORNIA, Bill
from alianza.policy.services.bill_import import bills_import

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bills"
SESSION = "20232024"
SEED_BILLS = ("AB 1947", "AB 2071", "AB 2074", "AB 2268")


def demo_bills() -> None:
    report = bills_import(paths=[FIXTURES])
    if report.problems:  # the fixtures are ours: a refusal is a bug, not bad input
        raise RuntimeError(f"demo bills refused: {report.problems}")
    Bill.objects.filter(session__jurisdiction=CALIFORNIA, session__identifier=SESSION,
                        identifier__in=SEED_BILLS).update(is_tracked=True)
