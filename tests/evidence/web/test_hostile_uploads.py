"""Hostile workbooks uploaded as state data are refused with a message in the staff member's
language, and leave nothing behind."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alianza.evidence.models import Dataset, DatasetUpload
from tests.core import hostile_samples as samples

from .conftest import files_left


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "spanish"), [
    (samples.declared_xfd, "columna 16384"),
    (samples.billion_laughs, "DOCTYPE o ENTITY"),
    (samples.ratio_bomb, "bomba zip"),
])
def test_a_hostile_workbook_is_refused_in_spanish_and_deleted(
        staff_client, data_dir, django_capture_on_commit_callbacks, make, spanish):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/es/data/staff/datasets/", {
            "file": SimpleUploadedFile("cupc2425-k12.xlsx", make())})

    upload = DatasetUpload.objects.get()
    assert upload.status == "refused"
    assert upload.error_code.startswith("file.")
    page = staff_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert spanish in page
    assert files_left(data_dir) == [] and not Dataset.objects.exists()
