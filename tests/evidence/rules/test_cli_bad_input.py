"""The command line answers bad input with a sentence, never a traceback, and never quotes
the student file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from alianza.evidence.cli import main

HEADER = "student_id,school_year,grade,el_status,us_years"


def _xlsx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet>ZQSTUDENT1</worksheet>")
    return path


@pytest.mark.parametrize("name", ["students.xlsx", "students.csv"])
def test_an_xlsx_student_file_is_refused_with_what_to_do(tmp_path, capsys, name):
    code = main(["run", "--input", str(_xlsx(tmp_path / name)), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"error: {name}: The file is a XLSX spreadsheet" in err and "Save it as CSV" in err
    assert "Traceback" not in err and "ZQSTUDENT1" not in err
    assert not (tmp_path / "o").exists()


def test_a_file_without_a_header_names_the_missing_columns_not_the_first_record(tmp_path,
                                                                              capsys):
    path = tmp_path / "students.csv"
    path.write_text("ZQSTUDENT1,2024-25,7,EL,3\nZQSTUDENT2,2024-25,7,EL,3\n")
    assert main(["run", "--input", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "missing column(s) student_id, school_year, grade, el_status" in err
    assert "ZQSTUDENT" not in err


@pytest.mark.parametrize("content", [
    b'student_id,school_year,grade,el_status,us_years\n"ZQSTUDENT1,2024-25\n',
    "student_id,school_year\nZQSTUDENT1,2024\n".encode("utf-16"),
    b"",
    b"\n\n",
    HEADER.encode() + b"\nZQSTUDENT1,2024-25,7,EL,3\nZQSTUDENT1,2024-25,7,EL,3\n",
])
def test_malformed_files_get_a_sentence_that_quotes_nothing(tmp_path, capsys, content):
    path = tmp_path / "students.csv"
    path.write_bytes(content)
    assert main(["run", "--input", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and "ZQSTUDENT" not in err


def test_a_folder_given_as_input_is_reported(tmp_path, capsys):
    assert main(["run", "--input", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "not found" in capsys.readouterr().err


def test_an_unexpected_failure_is_a_sentence_not_a_traceback(tmp_path, capsys, monkeypatch):
    import alianza.evidence.cli as cli

    def broken(*args, **kwargs):
        raise RuntimeError("ZQSTUDENT1 could not be parsed")

    monkeypatch.setattr(cli, "evaluate", broken)
    path = tmp_path / "students.csv"
    path.write_text(HEADER + "\nZQSTUDENT1,2024-25,7,EL,3\n")
    assert main(["run", "--input", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "could not be processed (RuntimeError)" in err and "ZQSTUDENT" not in err
    assert "Traceback" not in err


def test_an_output_folder_that_cannot_be_written_is_a_sentence(tmp_path, capsys):
    path = tmp_path / "students.csv"
    path.write_text(HEADER + "\nZQSTUDENT1,2024-25,7,EL,3\n")
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    assert main(["run", "--input", str(path), "--out", str(blocker / "results")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: could not write to") and "Traceback" not in err
