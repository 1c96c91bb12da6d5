"""No run stuck "running", no student file left behind: stale runs and uploads are retried a
bounded number of times and then failed with their file deleted, old files are deleted
whatever their state, orphans too, and staff can discard a run or an import.

The states set up here are those a worker killed with SIGKILL leaves in the database (the
real kill is in test_student_worker_killed.py).
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from alianza.evidence.models import DatasetUpload, RunAggregate, StudentRun
from alianza.evidence.services.runs import student_run_create, student_run_execute
from alianza.evidence.services.sweep import student_files_sweep
from alianza.evidence.services.uploads import dataset_upload_create

from .conftest import files_left
from .test_student_runs import district_file


def _queued_run(content: bytes | None = None) -> StudentRun:
    """A run as the upload page leaves it, its task not yet run."""
    return student_run_create(
        upload=SimpleUploadedFile("students.csv", content or district_file(40)), user=None,
        district_code="19647330000000", layout="alianza", ltel_rule_set="ec313.1-2015",
        seal_rule_set="seal-2024", local_criteria={}, threshold=10,
    )


def _as_left_by_a_killed_worker(run: StudentRun, *, attempts: int, quiet_for: timedelta) -> None:
    StudentRun.objects.filter(pk=run.pk).update(
        status="running", stage="reading", attempts=attempts,
        updated_at=timezone.now() - quiet_for,
    )


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_retried_by_the_sweep_and_completes(settings, data_dir):
    settings.EVIDENCE_MAX_ATTEMPTS = 3
    run = _queued_run()
    _as_left_by_a_killed_worker(run, attempts=1, quiet_for=timedelta(minutes=31))

    outcome = student_files_sweep()

    run.refresh_from_db()
    assert outcome.requeued == 1 and outcome.failed == 0
    assert run.status == "done" and run.attempts == 2
    assert RunAggregate.objects.filter(run=run).exists()
    assert files_left(data_dir) == [] and run.stored_path == ""


@pytest.mark.django_db
def test_a_run_still_showing_signs_of_life_is_left_alone(data_dir):
    run = _queued_run()
    _as_left_by_a_killed_worker(run, attempts=1, quiet_for=timedelta(minutes=5))

    assert student_files_sweep().requeued == 0
    run.refresh_from_db()
    assert run.status == "running" and len(files_left(data_dir)) == 1


@pytest.mark.django_db
def test_a_run_whose_worker_died_on_every_attempt_is_failed_and_its_file_deleted(
    settings, data_dir, staff_client
):
    settings.EVIDENCE_MAX_ATTEMPTS = 3
    run = _queued_run()
    _as_left_by_a_killed_worker(run, attempts=3, quiet_for=timedelta(minutes=31))

    outcome = student_files_sweep()

    run.refresh_from_db()
    assert outcome.failed == 1
    assert run.status == "failed" and run.error_code == "worker_lost"
    assert files_left(data_dir) == [] and run.stored_path == ""
    page = staff_client.get(f"/es/data/staff/runs/{run.pk}/").content.decode()
    assert "El proceso en segundo plano se detuvo" in page


@pytest.mark.django_db
def test_a_task_that_arrives_for_a_stale_run_takes_it_over_once_and_no_more(settings, data_dir):
    settings.EVIDENCE_MAX_ATTEMPTS = 2
    run = _queued_run()
    _as_left_by_a_killed_worker(run, attempts=2, quiet_for=timedelta(hours=0, minutes=45))

    student_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == "failed" and run.error_code == "worker_lost"
    assert files_left(data_dir) == []


@pytest.mark.django_db
def test_a_queued_run_whose_task_was_lost_is_queued_again(data_dir):
    run = _queued_run()
    StudentRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - timedelta(hours=1),
                                                created_at=timezone.now() - timedelta(minutes=50))

    assert student_files_sweep().requeued == 1
    run.refresh_from_db()
    assert run.status == "done" and files_left(data_dir) == []


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["queued", "running", "done"])
def test_no_student_file_outlives_the_maximum_age_whatever_its_state(settings, data_dir,
                                                                     status):
    settings.STUDENT_FILE_MAX_AGE = 3600
    run = _queued_run()
    StudentRun.objects.filter(pk=run.pk).update(
        status=status, created_at=timezone.now() - timedelta(minutes=61),
        updated_at=timezone.now())

    student_files_sweep()

    run.refresh_from_db()
    assert files_left(data_dir) == [] and run.stored_path == ""
    if status != "done":
        assert run.status == "failed" and run.error_code == "too_old"


@pytest.mark.django_db
def test_files_in_the_upload_folders_with_no_record_are_deleted_after_a_grace_period(data_dir):
    folder = data_dir / "evidence-runs"
    folder.mkdir()
    old, new = folder / "left-by-a-crash.csv", folder / "being-uploaded.csv"
    for path in (old, new):
        path.write_text("student_id,birth_date\nZQ1,2011-01-01\n")
    past = time.time() - 11 * 60
    os.utime(old, (past, past))
    kept = _queued_run()

    assert student_files_sweep().files_deleted == 1

    assert not old.exists() and new.exists()
    assert (data_dir / kept.stored_path).exists()


@pytest.mark.django_db
def test_the_sweep_command_runs_once_and_reports(data_dir, capsys):
    run = _queued_run()
    _as_left_by_a_killed_worker(run, attempts=9, quiet_for=timedelta(hours=1))
    call_command("evidence_sweep")
    assert "failed 1" in capsys.readouterr().out


@pytest.mark.django_db
def test_staff_can_discard_a_stuck_run_which_deletes_the_file(staff_client, data_dir):
    run = _queued_run()
    _as_left_by_a_killed_worker(run, attempts=1, quiet_for=timedelta(minutes=2))
    page = staff_client.get(f"/en/data/staff/runs/{run.pk}/").content.decode()
    assert "Discard this run" in page

    response = staff_client.post(f"/en/data/staff/runs/{run.pk}/discard/", follow=True)

    run.refresh_from_db()
    assert run.status == "failed" and run.error_code == "discarded"
    assert files_left(data_dir) == []
    assert "Discarded by staff before it finished." in response.content.decode()


@pytest.mark.django_db
def test_a_run_discarded_while_it_runs_keeps_nothing(data_dir, monkeypatch):
    """The worker's result is written only while it still holds the run."""
    from alianza.evidence.services import runs

    run = _queued_run()
    real_stage = runs._stage

    def stage_then_discard(current, stage):
        if stage == "suppressing":
            runs.student_run_give_up(run=current, code="discarded")
        real_stage(current, stage)

    monkeypatch.setattr(runs, "_stage", stage_then_discard)
    student_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == "failed" and run.error_code == "discarded"
    assert not RunAggregate.objects.exists() and files_left(data_dir) == []


@pytest.mark.django_db
def test_a_finished_run_cannot_be_discarded(staff_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = _queued_run()
    run.refresh_from_db()
    assert run.status == "done"
    response = staff_client.post(f"/en/data/staff/runs/{run.pk}/discard/", follow=True)
    assert "Only a run that has not finished can be discarded." in response.content.decode()
    run.refresh_from_db()
    assert run.status == "done"


@pytest.mark.django_db
def test_discarding_someone_elses_run_needs_the_permission_to_manage_all_runs(
    client, django_user_model
):
    run = _queued_run()
    user = django_user_model.objects.create_user("clerk", "c@example.org", "x", is_staff=True)
    client.force_login(user)
    assert client.post(f"/en/data/staff/runs/{run.pk}/discard/").status_code == 403
    assert client.get(f"/en/data/staff/runs/{run.pk}/discard/").status_code in (403, 405)
    user.user_permissions.add(Permission.objects.get(codename="run_student_rules"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    # Running files of one's own is not enough to stop a colleague's run.
    assert client.post(f"/en/data/staff/runs/{run.pk}/discard/").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="manage_all_runs"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.post(f"/en/data/staff/runs/{run.pk}/discard/").status_code == 302
    run.refresh_from_db()
    assert run.status == "failed"


def _queued_upload(small_files) -> DatasetUpload:
    content = small_files["ltel"].read_bytes()
    return dataset_upload_create(upload=SimpleUploadedFile("LTEL.txt", content), user=None)


@pytest.mark.django_db
def test_a_data_upload_whose_worker_died_is_retried_then_failed_with_its_file_deleted(
    settings, small_files, data_dir
):
    settings.EVIDENCE_MAX_ATTEMPTS = 2
    upload = _queued_upload(small_files)
    DatasetUpload.objects.filter(pk=upload.pk).update(
        status="running", attempts=2, updated_at=timezone.now() - timedelta(hours=1))

    student_files_sweep()

    upload.refresh_from_db()
    assert upload.status == "failed" and upload.error_code == "worker_lost"
    assert files_left(data_dir) == [] and upload.stored_path == ""


@pytest.mark.django_db
def test_a_stale_data_upload_with_attempts_left_is_imported(small_files, data_dir):
    upload = _queued_upload(small_files)
    DatasetUpload.objects.filter(pk=upload.pk).update(
        status="running", attempts=1, updated_at=timezone.now() - timedelta(hours=1))

    student_files_sweep()

    upload.refresh_from_db()
    assert upload.status == "done" and files_left(data_dir) == []


@pytest.mark.django_db
def test_staff_can_discard_a_stuck_data_upload(staff_client, small_files, data_dir):
    upload = _queued_upload(small_files)
    response = staff_client.post(f"/es/data/staff/uploads/{upload.pk}/discard/", follow=True)
    upload.refresh_from_db()
    assert upload.status == "failed" and upload.error_code == "discarded"
    assert files_left(data_dir) == []
    assert "Descartado por el personal antes de terminar." in response.content.decode()


@pytest.mark.django_db
def test_an_upload_spooled_by_a_web_process_killed_mid_request_is_deleted(settings, tmp_path):
    spool = tmp_path / "upload-tmp"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = spool
    old, current = spool / "tmpab12.upload.csv", spool / "tmpcd34.upload.csv"
    for path in (old, current):
        path.write_text("student_id,birth_date\nZQ1,2011-01-01\n")
    past = time.time() - 61 * 60
    os.utime(old, (past, past))

    student_files_sweep()

    assert not old.exists() and current.exists()


@pytest.mark.django_db
def test_a_slow_worker_requeued_by_the_sweep_stops_and_leaves_the_file_for_the_retry(
    data_dir, monkeypatch
):
    """The sweep took the worker for dead; when it wakes, it writes nothing and deletes
    nothing, and the retry still finds the file."""
    from alianza.evidence.services import runs

    run = _queued_run()
    real_stage = runs._stage

    def stage_after_the_sweep(current, stage):
        if stage == "classifying":
            StudentRun.objects.filter(pk=current.pk).update(status="queued", stage="")
        real_stage(current, stage)

    monkeypatch.setattr(runs, "_stage", stage_after_the_sweep)
    student_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == "queued" and not RunAggregate.objects.exists()
    assert (data_dir / run.stored_path).exists()
    monkeypatch.undo()
    student_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "done" and files_left(data_dir) == []


@pytest.mark.django_db
def test_discarding_an_import_needs_the_permission_to_import_data(client, django_user_model,
                                                                  small_files):
    upload = _queued_upload(small_files)
    user = django_user_model.objects.create_user("clerk", "c@example.org", "x", is_staff=True)
    client.force_login(user)
    assert client.post(f"/en/data/staff/uploads/{upload.pk}/discard/").status_code == 403
    upload.refresh_from_db()
    assert upload.status == "queued"
