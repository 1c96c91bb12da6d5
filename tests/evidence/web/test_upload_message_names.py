"""A refused public data file is named in its message as staff uploaded it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alianza.evidence.models import DatasetUpload

URL = "/en/data/staff/datasets/"


@pytest.mark.django_db
def test_a_refusal_names_the_file_as_uploaded_not_as_stored(
        staff_client, data_dir, django_capture_on_commit_callbacks):
    content = b"AcademicYear\tCountyCode\tDistrictCode\tSchoolCode\tGrade\n2023-24\t19\t1\t1\tKN\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(URL, {"file": SimpleUploadedFile("LTEL 2024.txt", content),
                                           "kind": "ltel"})
    upload = DatasetUpload.objects.get()
    assert upload.status == "refused"
    stored = upload.error_params["file"]
    assert stored != "LTEL 2024.txt"  # the reader saw the stored copy's name
    for page in (staff_client.get(response["Location"]).content.decode(),
                 staff_client.get(URL).content.decode()):
        assert "LTEL 2024.txt does not have the layout" in page
        assert stored not in page
