"""A task worker killed with SIGKILL in the middle of a student run: the sweep retries the
run, or fails it and deletes the student file once its attempts are spent.

Real processes: ``manage.py db_worker`` against a file-based SQLite database. The stored
student file is swapped for a named pipe before the run is queued, so the worker is
certainly mid-run (blocked reading it) when it is killed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CONTENT = "\n".join(
    ["student_id,school_year,grade,el_status,us_years,birth_date"]
    + [f"KILLMARK{i:04d},2024-25,7,EL,7,2011-02-0{1 + i % 9}" for i in range(30)]
) + "\n"

SETUP = """
import os
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pathlib import Path
from alianza.core.private_files import private_storage
from alianza.evidence.services.runs import student_run_create
with transaction.atomic():
    run = student_run_create(
        upload=SimpleUploadedFile("students.csv", CONTENT.encode()), user=None,
        district_code="19647330000000", layout="alianza", ltel_rule_set="ec313.1-2015",
        seal_rule_set="seal-2024", local_criteria={}, threshold=10)
    path = Path(private_storage().path(run.stored_path))
    path.unlink()
    os.mkfifo(path)
print(run.pk, run.stored_path)
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVIDENCE_", "STUDENT_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'alianza.sqlite3'}",
               ALIANZA_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1",
               TASKS_BACKEND="django_tasks_db.DatabaseBackend", **extra)
    return env


def _manage(env: dict, *args: str, timeout: float = 120) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _run_row(tmp_path: Path, run_id: int) -> dict:
    with sqlite3.connect(tmp_path / "alianza.sqlite3", timeout=10) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM evidence_studentrun WHERE id = ?", (run_id,)).fetchone()
    return dict(row)


def _wait_for(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def _kill_mid_run(tmp_path: Path) -> tuple[int, Path]:
    env = _env(tmp_path)
    _manage(env, "migrate", "--noinput")
    output = _manage(env, "shell", "-c", f"CONTENT = {CONTENT!r}\n" + SETUP)
    run_id, relative = output.strip().splitlines()[-1].split()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: _run_row(tmp_path, int(run_id))["status"] == "running")
        time.sleep(0.3)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    stored = tmp_path / "data" / relative
    # What a killed worker leaves: the run "running", the student file on disk.
    assert _run_row(tmp_path, int(run_id))["status"] == "running" and stored.exists()
    return int(run_id), stored


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_run_whose_worker_was_killed_is_failed_and_its_file_deleted_when_out_of_attempts(
    tmp_path,
):
    run_id, stored = _kill_mid_run(tmp_path)

    out = _manage(_env(tmp_path, EVIDENCE_STALE_AFTER="0", EVIDENCE_MAX_ATTEMPTS="1"),
                  "evidence_sweep")

    row = _run_row(tmp_path, run_id)
    assert "failed 1" in out
    assert row["status"] == "failed" and row["error_code"] == "worker_lost"
    assert row["stored_path"] == "" and not stored.exists()
    assert list((tmp_path / "data" / "evidence-runs").iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_run_whose_worker_was_killed_is_retried_by_the_next_worker(tmp_path):
    run_id, stored = _kill_mid_run(tmp_path)
    env = _env(tmp_path, EVIDENCE_STALE_AFTER="0", EVIDENCE_MAX_ATTEMPTS="3")

    assert "requeued 1" in _manage(env, "evidence_sweep")
    assert _run_row(tmp_path, run_id)["status"] == "queued" and stored.exists()
    stored.unlink()  # the pipe stood for the file; the retry reads the real thing
    stored.write_text(CONTENT)
    _manage(env, "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")

    row = _run_row(tmp_path, run_id)
    assert row["status"] == "done" and row["attempts"] == 2
    assert row["stored_path"] == "" and not stored.exists()
