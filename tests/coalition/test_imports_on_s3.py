"""Contact imports with files on S3 (moto's server): the worker that runs the import reads the
file from the bucket, not from the disk of the web server that received it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import ContactImport, Person
from alianza.coalition.services import imports as import_services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

PEOPLE = [
    ["Name", "Email", "Preferred language"],
    ["María López", "maria@example.org", "Español"],
    ["Tuan Nguyen", "tuan@example.org", "Vietnamese"],
]


@pytest.fixture
def bucket(s3_storage, settings, tmp_path):
    """Private files on the bucket under their own prefix, as MEDIA_S3_BUCKET sets it up; an
    empty DATA_DIR shows nothing is left on this machine."""
    settings.DATA_DIR = tmp_path
    settings.STORAGES = {**settings.STORAGES, "private": {
        **settings.STORAGES["default"],
        "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": "private"},
    }}
    return s3_storage


def csv_upload(rows) -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile("contacts.csv", text.getvalue().encode())


def import_through_the_pages(client) -> ContactImport:
    client.post(reverse("coalition-imports"), {"kind": "people", "file": csv_upload(PEOPLE)})
    contact_import = ContactImport.objects.get()
    detail = reverse("coalition-import-detail", args=[contact_import.pk])
    client.post(detail, {"action": "check",
                         **{key: str(index) for key, index in contact_import.mapping.items()}})
    client.post(detail, {"action": "import"})
    contact_import.refresh_from_db()
    return contact_import


def test_an_uploaded_contact_list_is_stored_in_the_bucket_and_nowhere_on_disk(
        staff_client, bucket, tmp_path):
    staff_client.post(reverse("coalition-imports"),
                      {"kind": "people", "file": csv_upload(PEOPLE)})

    contact_import = ContactImport.objects.get()
    assert contact_import.total_rows == 2
    assert bucket.object_names() == [f"private/{contact_import.stored_path}"]
    assert contact_import.stored_path.startswith("imports/")
    assert not (tmp_path / "imports").exists()


def test_the_import_reads_the_file_from_the_bucket_and_deletes_it_when_done(
        staff_client, bucket):
    contact_import = import_through_the_pages(staff_client)

    assert contact_import.status == ContactImport.Status.DONE
    assert sorted(Person.objects.values_list("email", flat=True)) == [
        "maria@example.org", "tuan@example.org"]
    assert contact_import.stored_path == ""
    assert bucket.object_names() == []


def test_a_file_that_is_not_a_contact_list_is_refused_and_not_kept_in_the_bucket(
        staff_client, bucket):
    response = staff_client.post(reverse("coalition-imports"), {
        "kind": "people", "file": SimpleUploadedFile("contacts.csv", b"\x00\xff" * 10)})

    assert response.status_code == 400  # the form again, with the reason
    assert ContactImport.objects.count() == 0
    assert bucket.object_names() == []


def test_the_sweep_deletes_a_contact_list_past_its_age_from_the_bucket(staff_client, bucket):
    staff_client.post(reverse("coalition-imports"),
                      {"kind": "people", "file": csv_upload(PEOPLE)})
    ContactImport.objects.update(created_at=timezone.now() - timedelta(days=30))

    import_services.contact_imports_sweep()

    assert ContactImport.objects.get().stored_path == ""
    assert bucket.object_names() == []


def test_a_file_no_import_points_to_is_left_alone_for_a_day(bucket):
    from alianza.core.private_files import private_storage

    private_storage().save("imports/left-by-a-crash.csv", io.BytesIO(b"Name,Email\n"))

    import_services.contact_imports_sweep()

    assert bucket.object_names() == ["private/imports/left-by-a-crash.csv"]
