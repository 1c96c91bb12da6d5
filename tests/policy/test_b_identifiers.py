"""Bill identifiers and sessions as people and feeds write them."""

from __future__ import annotations

import pytest
from django.utils import translation

from alianza.policy.identifiers import (
    IdentifierError,
    normalise_identifier,
    parse_identifier,
    parse_session,
    session_label,
    session_name,
)
from alianza.policy.importers.messages import identifier_error_message


@pytest.mark.parametrize("written", [
    "AB 1947", "AB1947", "A.B. 1947", "ab-1947", "Assembly Bill 1947", "Assembly Bill No. 1947",
    "  assembly bill no 1947 ", "AB 01947", "A. B. 1947", "AB #1947", "AB\u00a01947",
    "AB\u20131947", "ASSEMBLY BILL NUMBER 1947",
])
def test_every_way_of_writing_ab_1947_gives_one_identifier(written):
    assert normalise_identifier(written) == "AB 1947"


@pytest.mark.parametrize(("written", "expected"), [
    ("SB 2", "SB 2"), ("Senate Bill 2", "SB 2"), ("S.B. 0002", "SB 2"),
    ("ACA 5", "ACA 5"), ("Assembly Constitutional Amendment 5", "ACA 5"),
    ("SCA 1", "SCA 1"), ("Senate Constitutional Amendment No. 1", "SCA 1"),
    ("SCR 12", "SCR 12"), ("Senate Concurrent Resolution 12", "SCR 12"),
    ("ACR 7", "ACR 7"), ("AJR 3", "AJR 3"), ("Assembly Joint Resolution 3", "AJR 3"),
    ("sjr 4", "SJR 4"), ("HR 10", "HR 10"), ("House Resolution 10", "HR 10"),
    ("SR 8", "SR 8"), ("Senate Resolution 8", "SR 8"),
    ("AB 101", "AB 101"),  # the budget bill reads like any other
    ("ABX1 1", "ABX1 1"), ("AB X1 1", "ABX1 1"), ("Assembly Bill X2 15", "ABX2 15"),
])
def test_each_kind_of_california_measure_is_read(written, expected):
    assert normalise_identifier(written) == expected


def test_the_chamber_and_kind_come_from_the_prefix():
    assert parse_identifier("SCR 12").chamber == "upper"
    assert parse_identifier("HR 10").chamber == "lower"
    assert parse_identifier("ABX1 3").kind == "AB"
    assert parse_identifier("ACA 5").kind == "ACA"


@pytest.mark.parametrize("written", [
    "1947", "AB", "SJR", "HR", "AB 19 47", "AB 1947 and AB 2071", "AB 1947a", "AB 0",
    "No. 1947", "AB 1947 (2023)", "Asamblea 1947!", "AB 123456", "x" * 200, "ÅB 1947",
])
def test_text_that_is_not_an_identifier_is_refused_as_malformed(written):
    with pytest.raises(IdentifierError) as caught:
        parse_identifier(written)
    assert caught.value.code == "identifier.malformed"


@pytest.mark.parametrize(("written", "prefix"), [
    ("HB 74", "HB"), ("Assembly Resolution 4", "ASSEMBLY RESOLUTION"), ("XYZ 1", "XYZ"),
    ("H.B. 74", "HB"),
])
def test_kinds_california_does_not_have_are_refused_as_unknown(written, prefix):
    with pytest.raises(IdentifierError) as caught:
        parse_identifier(written)
    assert caught.value.code == "identifier.unknown_kind"
    assert caught.value.params["prefix"] == prefix


@pytest.mark.parametrize("written", [None, "", "   ", 1947])
def test_nothing_or_a_number_alone_is_not_an_identifier(written):
    with pytest.raises(IdentifierError) as caught:
        parse_identifier(written)
    assert caught.value.code in {"identifier.empty", "identifier.malformed"}


@pytest.mark.parametrize("written", [
    "2023-24", "2023-2024", "20232024", "2023–24", "2023/24", "2023 2024",
    "2023-2024 Regular Session", " 2023-24 ",
])
def test_every_way_of_writing_a_session_gives_the_open_states_identifier(written):
    assert parse_session(written) == "20232024"


def test_sessions_across_a_century_are_read():
    assert parse_session("1999-00") == "19992000"


@pytest.mark.parametrize("written", [
    "", "2023", "2023-25", "2024-23", "20232025", "2023-24 and 2025-26", "twenty-three",
    "2023-24 Special Session 1", None,
])
def test_text_that_is_not_a_two_year_session_is_refused(written):
    with pytest.raises(IdentifierError) as caught:
        parse_session(written)
    assert caught.value.code == "session.malformed"


def test_the_same_number_in_two_sessions_is_two_keys():
    first = (parse_session("2023-24"), normalise_identifier("AB1947"))
    second = (parse_session("2025-2026"), normalise_identifier("A.B. 1947"))
    assert first != second
    assert first[1] == second[1]


def test_sessions_have_a_name_and_a_short_label():
    assert session_name("20232024") == "2023-2024 Regular Session"
    assert session_label("20232024") == "2023-24"


def test_refusals_are_explained_in_the_readers_language():
    with pytest.raises(IdentifierError) as unknown:
        parse_identifier("HB 74")
    with pytest.raises(IdentifierError) as malformed:
        parse_identifier("Bill nine")
    assert "HB" in identifier_error_message(unknown.value)
    assert "AB, SB, ACA" in identifier_error_message(unknown.value)
    with translation.override("es"):
        spanish = identifier_error_message(malformed.value)
    assert "Bill nine" in spanish
    assert "no es" in spanish
