"""The bill tracker's reading of bill numbers as people type them (a stand-in for the
import's own normaliser)."""

from __future__ import annotations

import pytest

from alianza.policy.tracker_identifiers import identifier_normalise, identifier_slug


@pytest.mark.parametrize("typed", ["AB 1947", "AB1947", "A.B. 1947", "Assembly Bill 1947",
                                   "ab-1947", "  a.b.  01947 ", "Assembly Bill No. 1947"])
def test_every_usual_way_of_writing_a_number_reads_as_one_bill(typed):
    assert identifier_normalise(typed) == "AB 1947"


@pytest.mark.parametrize(("typed", "expected"), [
    ("SB 5", "SB 5"), ("Senate Bill 5", "SB 5"), ("ACA 1", "ACA 1"),
    ("Assembly Constitutional Amendment 1", "ACA 1"), ("sjr-3", "SJR 3"),
])
def test_other_kinds_of_measures_keep_their_prefix(typed, expected):
    assert identifier_normalise(typed) == expected


@pytest.mark.parametrize("typed", ["", "1947", "AB", "AB 0", "XY 12", "AB 1947 and SB 5",
                                   "Bill of Rights", "AB 1947" * 10])
def test_what_is_not_a_bill_number_reads_as_nothing(typed):
    assert identifier_normalise(typed) is None


def test_the_address_slug_is_the_number_in_lower_case_with_a_hyphen():
    assert identifier_slug("AB 1947") == "ab-1947"
    assert identifier_normalise(identifier_slug("SCA 5")) == "SCA 5"
