"""No student value reaches the database, the logs or the data folder, on any failure path.

Every student file here is full of unique markers (ids, names, birth dates, a header, extra
columns). Each is run through the web upload as staff would; then every text column of every
table, everything logged and everything left in the data folder is searched for them.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from alianza.evidence.models import StudentRun
from alianza.evidence.services import runs
from alianza.evidence.services.sweep import student_files_sweep

from .test_student_runs import URL, _form

MARK = "QZMARK"
BIRTH_DATES = [f"2009-0{1 + i % 9}-1{i % 10}" for i in range(30)]
FUTURE = (date.today() + timedelta(days=400)).isoformat()
HEADER = ("student_id,school_year,school_code,grade,el_status,us_entry_date,us_years,"
          f"birth_date,student_name,{MARK}HEADERCOL,ela_gpa,record")


def _row(i: int, **change: str) -> str:
    values = {
        "student_id": f"{MARK}ID{i:03d}", "school_year": "2024-25", "school_code": "6017388",
        "grade": "7", "el_status": "EL", "us_entry_date": "2016-08-20", "us_years": "",
        "birth_date": BIRTH_DATES[i % 30], "student_name": f"{MARK}NAME{i} Pérez",
        "extra": f"{MARK}EXTRA{i}", "ela_gpa": "3.1", "record": "year",
    }
    values.update(change)
    return ",".join(values.values())


def _file(rows: list[str], header: bool = True) -> bytes:
    return ("\n".join(([HEADER] if header else []) + rows) + "\n").encode()


GOOD_ROWS = [_row(i) for i in range(30)]

FAILURES: dict[str, tuple[bytes, dict]] = {
    "no header": (_file(GOOD_ROWS, header=False), {}),
    "duplicate ids": (_file(GOOD_ROWS + [_row(4)]), {}),
    "malformed csv": (_file(GOOD_ROWS[:5] + [f'"{MARK}UNCLOSED,{MARK}X'] + GOOD_ROWS[5:]), {}),
    "utf-16": (_file(GOOD_ROWS).decode().encode("utf-16"), {}),
    "cp1252 names": (_file(GOOD_ROWS).decode().encode("cp1252"), {}),
    "latin-1 bytes only": (_file(GOOD_ROWS).replace(b"\xc3\xa9", b"\x81\x8d"), {}),
    "impossible values": (_file(
        [_row(0, grade="13"), _row(1, grade="-2"), _row(2, us_entry_date="", us_years="400"),
         _row(3, us_entry_date=FUTURE), _row(4, birth_date=FUTURE), _row(5, ela_gpa="9.7")]
        + GOOD_ROWS[6:]), {}),
    "unreadable values": (_file([_row(0, grade=f"{MARK}GRADE"),
                                 _row(1, el_status=f"{MARK}STATUS"),
                                 _row(2, birth_date=f"{MARK}DATE")] + GOOD_ROWS[3:]), {}),
    "missing ids": (_file(GOOD_ROWS + [_row(99, student_id="")]), {}),
    "ids in key columns": (_file([_row(i, school_code=f"{MARK}SCHOOL{i}") for i in range(30)]),
                           {}),
    "bad record": (_file(GOOD_ROWS + [_row(50, record=f"{MARK}RECORD")]), {}),
    "empty": (b"\n", {}),
    "header only": (_file([]), {}),
    "wrong layout": (_file(GOOD_ROWS), {"layout": "elpac"}),
    "spreadsheet": (b"PK\x03\x04" + _file(GOOD_ROWS), {}),
    "binary": (b"\x00\x01" + _file(GOOD_ROWS), {}),
}


def _markers_in(text: str) -> list[str]:
    found = []
    if MARK.lower() in text.lower():
        at = text.lower().index(MARK.lower())
        found.append(text[max(0, at - 40):at + 40])
    found += [d for d in BIRTH_DATES + [FUTURE] if d in text]
    return found


def _database_leaks() -> list[str]:
    leaks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (str, bytes, memoryview)):
                        text = bytes(value).decode("latin-1") if not isinstance(
                            value, str) else value
                        leaks += [f"{table}: {m}" for m in _markers_in(text)]
    return leaks


def _folder_leaks(folder) -> list[str]:
    leaks = []
    for path in folder.rglob("*"):
        leaks += [f"{path.name}: {m}" for m in _markers_in(path.name)]
        if path.is_file():
            leaks += [f"{path}: {m}" for m in _markers_in(path.read_bytes().decode("latin-1"))]
    return leaks


@pytest.mark.django_db
def test_no_failure_path_leaves_a_student_value_in_the_database_logs_or_data_folder(
    staff_client, django_capture_on_commit_callbacks, caplog, data_dir, monkeypatch, settings
):
    caplog.set_level(logging.DEBUG)
    outcomes = {}
    for name, (content, extra) in FAILURES.items():
        runs_before = StudentRun.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(URL, _form(content, **extra))
        if response.status_code == 400:  # refused by the form: nothing stored at all
            assert StudentRun.objects.count() == runs_before
            assert not _markers_in(response.content.decode())
            outcomes[name] = ("refused by the form", "")
            continue
        assert response.status_code == 302, (name, response.content.decode()[:500])
        run = StudentRun.objects.latest("pk")
        outcomes[name] = (run.status, run.error_code)
        if name == "impossible values":
            impossible = sorted((w["code"], w["params"]["column"], w["params"]["count"])
                                for w in run.warnings)
        page = staff_client.get(f"/es/data/staff/runs/{run.pk}/").content.decode()
        assert not _markers_in(page), (name, _markers_in(page))

    # A file that passed the form and was changed on disk before the worker read it (the
    # worker checks again).
    with django_capture_on_commit_callbacks(execute=False):
        staff_client.post(URL, _form(_file(GOOD_ROWS)))
    swapped = StudentRun.objects.latest("pk")
    (data_dir / swapped.stored_path).write_bytes(b"PK\x03\x04" + _file(GOOD_ROWS))
    with django_capture_on_commit_callbacks(execute=True):
        runs._enqueue(swapped.pk)
    swapped.refresh_from_db()
    outcomes["spreadsheet renamed after the form"] = (swapped.status, swapped.error_code)

    # A worker that crashes with an error quoting the data (as Polars errors do), on every
    # attempt; and a worker killed mid-run, found by the sweep.
    def crash(*args, **kwargs):
        raise RuntimeError(f"could not parse `{MARK}ID001,2024-25,{BIRTH_DATES[1]}`")

    monkeypatch.setattr(runs, "evaluate", crash)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(URL, _form(_file(GOOD_ROWS)))
    crashed = StudentRun.objects.latest("pk")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=False):
        staff_client.post(URL, _form(_file(GOOD_ROWS)))
    killed = StudentRun.objects.latest("pk")
    StudentRun.objects.filter(pk=killed.pk).update(
        status="running", attempts=settings.EVIDENCE_MAX_ATTEMPTS,
        updated_at=timezone.now() - timedelta(hours=1))
    student_files_sweep()

    assert outcomes == {
        "no header": ("failed", "missing_columns"),
        "duplicate ids": ("failed", "duplicates"),
        "malformed csv": ("failed", "malformed"),
        "utf-16": ("refused by the form", ""),
        "cp1252 names": ("done", ""),
        "latin-1 bytes only": ("done", ""),
        "impossible values": ("done", ""),
        "unreadable values": ("done", ""),
        "missing ids": ("failed", "missing_values"),
        "ids in key columns": ("done", ""),
        "bad record": ("failed", "bad_record"),
        "empty": ("failed", "empty"),
        "header only": ("failed", "no_rows"),
        "wrong layout": ("failed", "missing_columns"),
        "spreadsheet": ("refused by the form", ""),
        "binary": ("refused by the form", ""),
        "spreadsheet renamed after the form": ("failed", "spreadsheet"),
    }
    assert impossible == [
        ("future_dates", "birth_date", 1), ("future_dates", "us_entry_date", 1),
        ("impossible_values", "ela_gpa", 1), ("impossible_values", "grade", 2),
        ("impossible_values", "us_years", 1),
    ]
    crashed.refresh_from_db()
    killed.refresh_from_db()
    assert (crashed.status, crashed.error_code) == ("failed", "internal")
    assert (killed.status, killed.error_code) == ("failed", "worker_lost")

    assert _database_leaks() == []
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.exc_info and r.exc_info[1]}"
        for r in caplog.records
    )
    assert "failed on attempt" in logged  # the crash was logged, by its type only
    assert _markers_in(logged) == []
    assert _folder_leaks(data_dir) == []
    assert [p for p in data_dir.rglob("*") if p.is_file()] == []
