"""Dataset uploads and student files with the private storage on S3 (moto's server): the
worker that runs the task reads the file from the bucket, not from the disk of the web server
that received it, and student files are deleted from the bucket as they are from a disk."""

from __future__ import annotations

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alianza.core.private_files import private_storage
from alianza.evidence.models import DatasetUpload, RunAggregate, StudentRun
from alianza.evidence.services.runs import student_run_create
from alianza.evidence.services.sweep import student_files_sweep

from .conftest import files_left
from .test_student_runs import district_file

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


@pytest.fixture
def bucket(s3_storage, settings, data_dir, tmp_path):
    """Private files on the bucket under their own prefix; an empty DATA_DIR and spool
    folder show nothing is left on this machine."""
    settings.STORAGES = {**settings.STORAGES, "private": {
        **settings.STORAGES["default"],
        "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": "private"},
    }}
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "spool")
    return s3_storage


def _spool(settings) -> list[Path]:
    return files_left(Path(settings.FILE_UPLOAD_TEMP_DIR))


def _run_upload(content: bytes | None = None) -> StudentRun:
    return student_run_create(
        upload=SimpleUploadedFile("students.csv", content or district_file(40)), user=None,
        district_code="19647330000000", layout="alianza", ltel_rule_set="ec313.1-2015",
        seal_rule_set="seal-2024", local_criteria={}, threshold=10,
    )


def _workers_down(settings) -> None:
    """Queued tasks wait (a dummy backend keeps them): what the web server left is seen."""
    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    settings.TASKS = {"default": {"BACKEND": f"{module}.backends.dummy.DummyBackend"}}


def test_a_student_file_is_kept_in_the_bucket_until_its_run(settings, bucket, data_dir):
    _workers_down(settings)

    run = _run_upload()

    assert bucket.object_names() == [f"private/{run.stored_path}"]
    assert run.stored_path.startswith("evidence-runs/") and len(run.sha256) == 64
    assert files_left(data_dir) == []


def test_a_student_file_is_run_from_the_bucket_and_deleted_from_it(settings, bucket,
                                                                  data_dir):
    run = _run_upload()

    run.refresh_from_db()
    assert run.status == "done" and RunAggregate.objects.filter(run=run).exists()
    assert run.stored_path == "" and bucket.object_names() == []
    assert files_left(data_dir) == [] and _spool(settings) == []


def test_a_student_file_the_rules_refuse_is_deleted_from_the_bucket(settings, bucket,
                                                                   data_dir):
    run = _run_upload(b"not,a,student,file\n1,2,3,4\n")

    run.refresh_from_db()
    assert run.status == "failed" and run.error_code
    assert bucket.object_names() == [] and _spool(settings) == []


def test_the_sweep_deletes_an_old_student_file_from_the_bucket(settings, bucket, data_dir):
    _workers_down(settings)
    run = _run_upload()
    private_storage().save("evidence-runs/left-by-a-crash.csv", SimpleUploadedFile("x", b"1"))

    outcome = student_files_sweep(now=timezone.now() + timedelta(days=30))

    run.refresh_from_db()
    assert run.status == "failed" and run.stored_path == ""
    assert outcome.files_deleted >= 1 and bucket.object_names() == []


def test_a_dataset_upload_is_imported_from_the_bucket_and_then_deleted(
        settings, staff_client, small_files, bucket, data_dir):
    content = small_files["ltel"].read_bytes()

    staff_client.post("/en/data/staff/datasets/",
                      {"file": SimpleUploadedFile("LTEL.txt", content)})

    upload = DatasetUpload.objects.get()
    assert upload.status == "done" and upload.dataset.kind == "ltel"
    assert upload.stored_path == "" and bucket.object_names() == []
    assert files_left(data_dir) == [] and _spool(settings) == []
