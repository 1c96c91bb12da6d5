"""Bad bill files: each refusal says which file, which record and why, in the reader's
language; what is good is still imported, and what is stored is never half-written."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from alianza.policy.importers.messages import problem_message
from alianza.policy.models import Bill, BillAction, BillVote, LegislativeSession
from alianza.policy.services.bill_import import bills_import
from tests.policy.bills_b import BAD, PAGE_1, load, snapshot, write

pytestmark = pytest.mark.django_db
BAD_RECORDS = BAD / "bad-records.json"


def problems_by_position(report) -> dict[int | None, str]:
    return {p.position: p.code for p in report.problems}


def test_each_bad_record_is_refused_with_its_position_and_the_good_ones_are_imported():
    report = bills_import(paths=[BAD_RECORDS])
    assert sorted(Bill.objects.values_list("identifier", flat=True)) == ["AB 9201", "SB 9209"]
    assert problems_by_position(report) == {
        2: "record.no_identifier",
        3: "record.no_session",
        4: "record.identifier.unknown_kind",
        5: "record.identifier.malformed",
        6: "record.bad_date",
        7: "record.duplicate",
        8: "record.not_object",
        9: "record.other_jurisdiction",
        10: "record.session.malformed",
    }
    assert (report.created, report.errors) == (2, 9)
    # The duplicate was written "A.B. 9201": the first one stands.
    assert Bill.objects.get(identifier="AB 9201").title.startswith("A good bill")


def test_messages_name_the_file_the_record_and_the_fault_in_english_and_spanish():
    report = bills_import(paths=[BAD_RECORDS])
    english = {p.position: problem_message(p) for p in report.problems}
    with translation.override("es"):
        spanish = {p.position: problem_message(p) for p in report.problems}
    assert english[2] == (f"{BAD_RECORDS}, record 2: The record has no bill identifier; it "
                          "was skipped.")
    assert "“HB” is not a kind of bill" in english[4]
    assert "“Bill nine” is not a bill identifier" in english[5]
    assert "“2024-02-30” in “actions.date” is not a date" in english[6]
    assert "AB 9201 appears a second time in the file (first at record 1)" in english[7]
    assert "New York" in english[9]
    assert "“2024-2026” is not a legislative session" in english[10]
    for position, text in spanish.items():
        assert str(BAD_RECORDS) in text and f"registro {position}" in text
        assert text != english[position]
    assert "no tiene" in spanish[2]


def test_a_malformed_file_changes_nothing_and_the_next_file_is_still_read():
    bills_import(paths=[PAGE_1])
    before = snapshot()
    report = bills_import(paths=[BAD / "malformed.json"])
    assert [p.code for p in report.problems] == ["file.malformed"]
    assert report.problems[0].params["line"] == "1"
    assert snapshot() == before
    report = bills_import(paths=[BAD / "malformed.json", BAD_RECORDS])
    assert report.created == 2 and report.errors == 10


def test_json_that_is_not_bills_is_refused_whole():
    report = bills_import(paths=[BAD / "not-bills.json"])
    assert [p.code for p in report.problems] == ["file.not_bills"]
    assert not LegislativeSession.objects.exists()


def test_a_file_for_another_state_is_refused_in_one_message():
    report = bills_import(paths=[BAD / "other-state.json"])
    assert [(p.code, p.position) for p in report.problems] == [("file.other_jurisdiction",
                                                                None)]
    assert "New York" in problem_message(report.problems[0])
    assert not Bill.objects.exists()


def test_a_file_that_cannot_be_read_is_reported(tmp_path):
    report = bills_import(paths=[tmp_path / "missing.json"])
    assert [p.code for p in report.problems] == ["file.unreadable"]


def test_a_field_of_the_wrong_shape_refuses_the_bill(tmp_path):
    document = load(PAGE_1)
    document["results"][1]["actions"] = "Introduced"
    document["results"][2]["votes"][0]["counts"][0]["value"] = "many"
    report = bills_import(paths=[write(tmp_path / "p.json", document)])
    assert problems_by_position(report) == {2: "record.bad_field", 3: "record.bad_field"}
    assert report.created == 2
    assert "“actions”" in problem_message(report.problems[0])


def test_an_open_states_id_already_on_another_bill_is_not_taken(tmp_path):
    bills_import(paths=[PAGE_1])
    document = load(PAGE_1)
    renumbered = {**document["results"][0], "identifier": "AB 9199"}
    report = bills_import(paths=[write(tmp_path / "p.json", [renumbered])])
    assert [p.code for p in report.problems] == ["record.id_taken"]
    assert "AB 9101" in problem_message(report.problems[0])
    assert not Bill.objects.filter(identifier="AB 9199").exists()


def refuse_vote(motion: str) -> None:
    """Make the database itself refuse one vote row, as a real failure would."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_vote BEFORE INSERT ON policy_billvote "
                f"WHEN NEW.motion = '{motion}' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_vote() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.motion = '{motion}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql")
            cursor.execute("CREATE TRIGGER refuse_vote BEFORE INSERT ON policy_billvote "
                           "FOR EACH ROW EXECUTE FUNCTION refuse_vote()")


def test_a_bill_the_database_refuses_leaves_nothing_half_written_and_the_others_land():
    """The database refuses a bill's vote after its actions were written: the bill is
    rolled back whole, and the rest of the file is imported."""
    refuse_vote("SB 9102 Webb Senate Third Reading")
    report = bills_import(paths=[PAGE_1])
    assert [(p.code, p.position) for p in report.problems] == [("record.not_saved", 2)]
    assert report.created == 3
    assert not Bill.objects.filter(identifier="SB 9102").exists()
    assert not BillAction.objects.filter(description="Vetoed by Governor.").exists()
    assert BillVote.objects.count() == 3 + 1  # AB 9101's three and AB 9103's one
    assert "SB 9102 could not be saved" in problem_message(report.problems[0])


def test_the_command_prints_counts_and_problems_in_the_chosen_language(capsys):
    with pytest.raises(CommandError) as failed:
        call_command("policy_import_bills", str(BAD_RECORDS), "--language", "es")
    out, err = capsys.readouterr()
    assert "2 proyectos de ley creados" in out
    assert "9 errores" in out
    assert "registro 2" in err
    assert "9 problemas" in str(failed.value)


def test_the_command_refuses_a_path_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="No such file or folder"):
        call_command("policy_import_bills", str(tmp_path / "nowhere"))
