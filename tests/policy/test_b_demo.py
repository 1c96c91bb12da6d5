"""The demo's bills: the seed pages' four bills, tracked, with nothing invented about them."""

from __future__ import annotations

import pytest

from alianza.policy.demo.bills import FIXTURES, SEED_BILLS, demo_bills
from alianza.policy.models import Bill, BillAction, BillChange, Sponsorship
from tests.policy.bills_b import SEEDS

pytestmark = pytest.mark.django_db


def test_the_demo_tracks_the_four_seed_bills_of_2023_24_and_runs_twice_unchanged():
    demo_bills()
    first = list(Bill.objects.values_list("pk", "identifier", "is_tracked", "imported_at"))
    demo_bills()
    assert list(Bill.objects.values_list("pk", "identifier", "is_tracked",
                                         "imported_at")) == first
    bills = Bill.objects.order_by("identifier")
    assert [b.identifier for b in bills] == list(SEED_BILLS)
    assert all(b.is_tracked and b.session.identifier == "20232024" for b in bills)
    assert not BillChange.objects.exists()


def test_the_demo_says_staff_will_write_what_it_does_not_know():
    demo_bills()
    for bill in Bill.objects.all():
        assert "to be entered by staff" in bill.title
        assert bill.abstract == "Summary to be written by staff."
        assert bill.status == "introduced" and bill.status_date is None
    assert not BillAction.objects.exists() and not Sponsorship.objects.exists()


def test_the_demo_reads_its_own_copy_of_the_test_file():
    assert (FIXTURES / SEEDS.name).read_bytes() == SEEDS.read_bytes()
    assert not str(FIXTURES).startswith(str(SEEDS.parents[3]))
