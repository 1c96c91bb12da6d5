"""The staff upload page for public data files: who may use it, and what staff see."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from alianza.evidence.cde import TEMPLATES as READER_TEMPLATES
from alianza.evidence.messages import TEMPLATES
from alianza.evidence.models import Dataset, DatasetUpload

from .conftest import files_left

URL = "/en/data/staff/datasets/"


def _post(client, name: str, content: bytes, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, {"file": SimpleUploadedFile(name, content), **extra})


def test_the_translated_messages_repeat_the_readers_english_text_word_for_word():
    assert set(TEMPLATES) == set(READER_TEMPLATES)
    for code, english in READER_TEMPLATES.items():
        assert str(TEMPLATES[code]) == english


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lead_client", "member_client"])
def test_workgroup_leads_and_member_contacts_are_refused(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403


@pytest.mark.django_db
def test_staff_without_the_data_permission_are_refused_and_with_it_allowed(client,
                                                                           django_user_model):
    user = django_user_model.objects.create_user("analyst", "a@example.org", "x", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="import_dataset"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(URL).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_is_imported_in_the_background_and_then_deleted(staff_client,
                                                                        small_files, data_dir):
    content = small_files["ltel"].read_bytes()
    response = staff_client.post(URL, {"file": SimpleUploadedFile("LTEL.txt", content),
                                       "source_url": "https://www.cde.ca.gov/ds/ad/filesltel.asp"})
    upload = DatasetUpload.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{upload.pk}/")
    assert upload.status == "done" and upload.dataset.kind == "ltel"
    assert upload.dataset.source_url.startswith("https://www.cde.ca.gov/")
    assert files_left(data_dir) == []
    page = staff_client.get(response["Location"]).content.decode()
    assert "The uploaded file has been deleted." in page


@pytest.mark.django_db
def test_the_same_file_uploaded_again_is_reported_as_unchanged(
        staff_client, small_files, django_capture_on_commit_callbacks):
    content = small_files["ltel"].read_bytes()
    _post(staff_client, "a.txt", content, django_capture_on_commit_callbacks)
    response = _post(staff_client, "b.txt", content, django_capture_on_commit_callbacks)
    assert DatasetUpload.objects.filter(status="unchanged").count() == 1
    assert Dataset.objects.count() == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "This exact file was already imported" in page


@pytest.mark.django_db
def test_a_refused_file_shows_the_readers_message_and_is_deleted(
        staff_client, data_dir, django_capture_on_commit_callbacks):
    content = b"AcademicYear\tCountyCode\tDistrictCode\tSchoolCode\tGrade\n2023-24\t19\t1\t1\tKN\n"
    response = _post(staff_client, "LTEL.txt", content, django_capture_on_commit_callbacks,
                     kind="ltel")
    upload = DatasetUpload.objects.get()
    assert upload.status == "refused" and upload.error_code == "cde.unrecognised"
    page = staff_client.get(response["Location"]).content.decode()
    assert "does not have the layout of the Long-term English learners and at-risk students file" \
        in page
    assert "Missing columns:" in page and "AggLevel" in page
    assert "Nothing was imported and the file has been deleted." in page
    assert files_left(data_dir) == [] and not Dataset.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name, content", [
    ("broken.xlsx", b"PK\x03\x04 this is not really a workbook"),
    ("binary.txt", bytes(range(256)) * 20),
    ("counts.txt", b"CDS^LC^TOTAL\n19647336017388^spa^lots\n"),
])
def test_malformed_uploads_are_refused_with_a_message_not_an_error_page(
        staff_client, name, content, django_capture_on_commit_callbacks):
    response = _post(staff_client, name, content, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    upload = DatasetUpload.objects.get()
    assert upload.status == "refused", upload.failure
    page = staff_client.get(response["Location"])
    assert page.status_code == 200 and name in page.content.decode()


@pytest.mark.django_db
def test_an_empty_upload_is_refused_by_the_form(staff_client):
    response = staff_client.post(URL, {"file": SimpleUploadedFile("empty.txt", b"")})
    assert response.status_code == 400
    assert not DatasetUpload.objects.exists()
