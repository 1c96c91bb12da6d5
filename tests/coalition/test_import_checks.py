"""The dry run runs in the background with progress; stalled work is restarted a bounded
number of times, then failed with its file deleted; no uploaded file outlives its maximum age."""

from __future__ import annotations

import csv
import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import ContactImport, Person
from alianza.coalition.services import imports as import_services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

ROWS = [["Name", "Email"]] + [[f"Person {n}", f"p{n}@example.org"] for n in range(5)]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def queue_only(settings):
    from importlib.util import find_spec

    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    settings.TASKS = {"default": {"BACKEND": f"{module}.backends.dummy.DummyBackend"}}


def uploaded(client, rows=ROWS) -> ContactImport:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    file = SimpleUploadedFile("contacts.csv", text.getvalue().encode())
    response = client.post(reverse("coalition-imports"), {"kind": "people", "file": file})
    assert response.status_code == 302
    return ContactImport.objects.latest("pk")


def ask_for_dry_run(client, contact_import):
    data = {"action": "check", **{k: str(v) for k, v in contact_import.mapping.items()}}
    return client.post(reverse("coalition-import-detail", args=[contact_import.pk]), data)


def stored(contact_import: ContactImport, data_dir: Path) -> Path:
    return data_dir / contact_import.stored_path


def test_the_dry_run_is_queued_and_the_request_returns_at_once(staff_client, queue_only):
    contact_import = uploaded(staff_client)

    response = ask_for_dry_run(staff_client, contact_import)

    assert response.status_code == 302
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.CHECKING
    assert contact_import.preview == {}
    progress = staff_client.get(
        reverse("coalition-import-progress", args=[contact_import.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in progress
    assert "Checking (dry run)" in progress


def test_the_page_shows_the_results_when_the_worker_has_checked_the_file(
    staff_client, queue_only
):
    contact_import = uploaded(staff_client)
    ask_for_dry_run(staff_client, contact_import)

    import_services.contact_import_check_run(import_id=contact_import.pk)

    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.CHECKED
    assert contact_import.preview["created"] == 5
    assert contact_import.processed_rows == 5
    assert not Person.objects.exists()  # a dry run writes nothing
    progress = staff_client.get(
        reverse("coalition-import-progress", args=[contact_import.pk]), HTTP_HX_REQUEST="true"
    )
    assert progress.status_code == 204
    assert progress["HX-Redirect"].endswith(f"/{contact_import.pk}/#results")


def test_a_dry_run_of_an_unreadable_file_fails_and_deletes_it(staff_client, queue_only,
                                                              data_dir):
    contact_import = uploaded(staff_client)
    path = stored(contact_import, data_dir)
    ask_for_dry_run(staff_client, contact_import)
    path.write_bytes(b"Name,Email\n" + b"x," * 1_000_000 + b"\n")  # changed under our feet

    import_services.contact_import_check_run(import_id=contact_import.pk)

    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.FAILED
    assert "longer than" in contact_import.failure
    assert not path.exists()
    page = staff_client.get(reverse("coalition-import-detail", args=[contact_import.pk]))
    assert "upload it again" in page.content.decode()
    assert 'value="retry"' not in page.content.decode()


def test_a_discarded_dry_run_stops_and_leaves_no_file(staff_client, queue_only, data_dir):
    contact_import = uploaded(staff_client)
    path = stored(contact_import, data_dir)
    ask_for_dry_run(staff_client, contact_import)

    response = staff_client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                                 {"action": "discard"})

    assert response.status_code == 302
    assert not ContactImport.objects.exists()
    assert not path.exists()
    import_services.contact_import_check_run(import_id=contact_import.pk)  # a late worker
    assert not ContactImport.objects.exists()


def test_a_stalled_import_can_be_discarded_but_a_live_one_cannot(staff_client, queue_only):
    contact_import = uploaded(staff_client)
    ContactImport.objects.filter(pk=contact_import.pk).update(
        status=ContactImport.Status.RUNNING, heartbeat_at=timezone.now())

    assert not import_services.contact_import_discard(contact_import=contact_import)

    ContactImport.objects.filter(pk=contact_import.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1))
    assert import_services.contact_import_discard(contact_import=contact_import)


def test_the_sweep_restarts_a_dry_run_whose_worker_died(staff_client, queue_only, settings):
    contact_import = uploaded(staff_client)
    ask_for_dry_run(staff_client, contact_import)
    ContactImport.objects.filter(pk=contact_import.pk).update(
        attempts=1, heartbeat_at=timezone.now() - timedelta(minutes=30))

    from tests.coalition.test_imports import tasks_backend

    settings.TASKS = tasks_backend("immediate")
    counts = import_services.contact_imports_sweep()

    assert counts["restarted"] == 1
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.CHECKED
    assert contact_import.preview["created"] == 5


def test_work_that_keeps_dying_is_failed_with_its_file_deleted(staff_client, queue_only,
                                                               settings, data_dir):
    settings.IMPORT_MAX_ATTEMPTS = 3
    checking, importing = uploaded(staff_client), uploaded(staff_client)
    paths = [stored(checking, data_dir), stored(importing, data_dir)]
    long_ago = timezone.now() - timedelta(hours=1)
    ContactImport.objects.filter(pk=checking.pk).update(
        status=ContactImport.Status.CHECKING, attempts=3, heartbeat_at=long_ago)
    ContactImport.objects.filter(pk=importing.pk).update(
        status=ContactImport.Status.RUNNING, attempts=3, heartbeat_at=long_ago)

    counts = import_services.contact_imports_sweep()

    assert counts["failed"] == 2
    for item in ContactImport.objects.all():
        assert item.status == ContactImport.Status.FAILED
        assert item.stored_path == ""
        assert "3 times" in item.failure
    assert not any(path.exists() for path in paths)


def test_no_uploaded_file_outlives_its_maximum_age(staff_client, settings, data_dir):
    settings.IMPORT_FILE_MAX_AGE_HOURS = 24
    old, recent = uploaded(staff_client), uploaded(staff_client)
    ContactImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=25))
    orphan = data_dir / "imports" / "left-by-a-crash.csv"
    orphan.write_text("Name,Email\nAna,ana@example.org\n")
    two_days_ago = time.time() - 2 * 86400
    os.utime(orphan, (two_days_ago, two_days_ago))

    call_command("contact_imports_sweep", stdout=io.StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.stored_path) == (ContactImport.Status.FAILED, "")
    assert "older than 24 hours" in old.failure
    assert stored(recent, data_dir).exists()
    assert not orphan.exists()
    assert sorted(p.name for p in (data_dir / "imports").iterdir()) == [
        Path(recent.stored_path).name]


def test_a_dry_run_no_worker_picked_up_is_shown_as_stalled_and_can_be_restarted(
    staff_client, queue_only, settings
):
    contact_import = uploaded(staff_client)
    ask_for_dry_run(staff_client, contact_import)
    ContactImport.objects.filter(pk=contact_import.pk).update(
        updated_at=timezone.now() - timedelta(minutes=30))
    url = reverse("coalition-import-detail", args=[contact_import.pk])

    assert "the worker may have stopped" in staff_client.get(url).content.decode()

    from tests.coalition.test_imports import tasks_backend

    settings.TASKS = tasks_backend("immediate")
    staff_client.post(url, {"action": "retry"})

    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.CHECKED
