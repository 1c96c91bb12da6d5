"""The full site export: what the ZIP holds, who may have it, and how it reports progress."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alianza.coalition.models import Consent, Organization, Person
from alianza.coalition.services.privacy import person_erase
from alianza.core.models import SiteExport
from alianza.core.private_files import private_storage
from alianza.core.roles import ROLES
from alianza.core.services_site_export import site_export_request
from alianza.core.site_export import (
    SECRET_WORDS,
    site_export_register,
    site_export_tables,
    site_export_unregister,
)
from alianza.core.site_export_build import site_export_write
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def people(db):
    organization = Organization.objects.create(name="=HYPERLINK(\"http://evil\")",
                                               kind="parent_group")
    organization.logo.save("logo.png", ContentFile(b"\x89PNG fake logo"), save=True)
    ana = Person.objects.create(name="Ana Núñez", email="ana@example.org",
                                preferred_language="es")
    ana.affiliations.create(organization=organization, title="Directora")
    Consent.objects.create(person=ana, kind="email", scope="updates", granted=True,
                           wording="Yes, email me", language="es", source="test")
    return {"organization": organization, "ana": ana}


def _export_as(client, user, *, capture) -> SiteExport:
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("core-site-export"))
    assert response.status_code == 302
    return SiteExport.objects.latest("pk")


def _zip(export: SiteExport) -> zipfile.ZipFile:
    with private_storage().open(export.file_name, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def _csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_export_holds_every_registered_table_with_its_columns_and_row_counts(
        client, staff_user, people, django_capture_on_commit_callbacks):
    export = _export_as(client, staff_user, capture=django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == SiteExport.Status.DONE, export.error
    assert export.progress == 100
    archive = _zip(export)
    manifest = json.loads(archive.read("manifest.json"))
    readme = archive.read("README.txt").decode()
    tables = site_export_tables()
    assert {entry["file"] for entry in manifest["tables"]} == {t.file_name for t in tables}
    for table in tables:
        rows = _csv(archive, table.file_name)
        assert rows[0] == [column.name for column in table.columns]
        assert len(rows) - 1 == table.queryset().count() == export.row_counts[table.file_name]
        assert table.file_name in readme
        for column in table.columns:
            assert f"  - {column.name}" in readme
    people_rows = _csv(archive, "coalition_person.csv")
    assert people_rows[1][1:3] == ["Ana Núñez", "ana@example.org"]


def test_uploaded_files_travel_in_the_zip_and_csv_files_open_safely_in_excel(
        client, staff_user, people, django_capture_on_commit_callbacks):
    export = _export_as(client, staff_user, capture=django_capture_on_commit_callbacks)
    archive = _zip(export)
    logo = people["organization"].logo.name
    assert archive.read(f"files/{logo}") == b"\x89PNG fake logo"
    raw = archive.read("coalition_organization.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for accents
    organizations = _csv(archive, "coalition_organization.csv")
    assert organizations[1][1] == "'=HYPERLINK(\"http://evil\")"
    consents = _csv(archive, "coalition_consent.csv")
    header = consents[0]
    assert consents[1][header.index("granted")] == "true"
    assert consents[1][header.index("created_at")].endswith("+00:00")


def test_erased_people_stay_erased_in_the_export(client, staff_user, people,
                                                 django_capture_on_commit_callbacks):
    person_erase(person=people["ana"], actor=staff_user, reason="She asked by phone",
                 confirmation="ana@example.org")
    export = _export_as(client, staff_user, capture=django_capture_on_commit_callbacks)
    archive = _zip(export)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert "Ana Núñez".encode() not in everything
    assert b"ana@example.org" not in everything
    people_rows = _csv(archive, "coalition_person.csv")
    erased_at = people_rows[0].index("erased_at")
    assert people_rows[1][erased_at]


def test_no_password_hash_token_or_session_leaves_in_the_export(
        client, staff_user, people, django_capture_on_commit_callbacks):
    from alianza.convenings.models import Event, Registration

    event = Event.objects.create(slug="forum", starts_at=timezone.now() + timedelta(days=3),
                                 ends_at=timezone.now() + timedelta(days=3, hours=2))
    registration = Registration.objects.create(event=event, name="Ana", email="a@example.org")
    client.force_login(staff_user)  # a session row exists
    export = _export_as(client, staff_user, capture=django_capture_on_commit_callbacks)
    archive = _zip(export)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    staff_user.refresh_from_db()
    assert staff_user.password.encode() not in everything
    assert registration.token.encode() not in everything
    for entry in json.loads(archive.read("manifest.json"))["tables"]:
        assert not entry["file"].startswith(("auth_", "django_session", "otp_"))
        for column in entry["columns"]:
            assert not any(word in column.lower() for word in SECRET_WORDS), column


def test_a_table_that_would_export_a_secret_is_refused_when_registered():
    with pytest.raises(ValueError, match="secrets"):
        site_export_register(name="leaky", title="Leaky", queryset=Person.objects.all,
                             columns=[("password_hash", "email")])


def test_only_staff_holding_the_export_permission_may_export_and_no_role_has_it(
        client, django_user_model, people):
    assert not any("core.export_site" in perms for perms in ROLES.values())
    clerk = django_user_model.objects.create_user("clerk", "c@example.org", PASSWORD,
                                                  is_staff=True)
    clerk.groups.add(*Group.objects.all())  # every role at once
    client.force_login(clerk)
    page = reverse("core-site-export")
    assert client.get(page).status_code == 403
    assert client.post(page).status_code == 403
    assert not SiteExport.objects.exists()
    assert page not in client.get(reverse("coalition-staff-dashboard")).content.decode()
    clerk.user_permissions.add(Permission.objects.get(codename="export_site"))
    clerk = django_user_model.objects.get(pk=clerk.pk)
    client.force_login(clerk)
    assert client.get(page).status_code == 200
    client.logout()
    assert client.get(page).status_code == 302  # to the login page


def test_the_page_polls_while_an_export_runs_and_offers_the_download_when_done(
        client, staff_user, people):
    client.force_login(staff_user)
    export = site_export_request(user=staff_user, language="en")  # not run: no commit yet
    page = client.get(reverse("core-site-export")).content.decode()
    progress = reverse("core-site-export-progress", args=[export.pk])
    assert f'hx-get="{progress}"' in page and 'hx-trigger="every 2s"' in page
    assert "disabled" in page  # one export at a time
    assert site_export_request(user=staff_user, language="en") == export
    from alianza.core.services_site_export import site_export_run

    site_export_run(export_id=export.pk)
    answer = client.get(progress, HTTP_HX_REQUEST="true")
    assert answer["HX-Refresh"] == "true"  # the page reloads once the export is done
    fragment = answer.content.decode()
    assert "hx-get" not in fragment
    download = reverse("core-site-export-download", args=[export.pk])
    assert download in fragment
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    export.refresh_from_db()
    assert export.downloads == 1


def test_progress_is_reported_step_by_step_up_to_one_hundred(people):
    seen: list[tuple[int, str]] = []
    site_export_write(io.BytesIO(), language="en",
                      on_progress=lambda percent, step: seen.append((percent, step)))
    percents = [percent for percent, _step in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert any(step == "People" for _percent, step in seen)


def test_a_failing_step_marks_the_export_failed_with_a_message_and_it_can_be_retried(
        client, staff_user, people, django_capture_on_commit_callbacks):
    def broken_rows():
        raise RuntimeError("the disk is full")

    site_export_register(name="zz_broken", title="Broken table", rows=broken_rows,
                         columns=[("id", "id")])
    try:
        export = _export_as(client, staff_user, capture=django_capture_on_commit_callbacks)
        export.refresh_from_db()
        assert export.status == SiteExport.Status.FAILED
        assert export.step == "Broken table" and "the disk is full" in export.error
        assert not export.file_name
        page = client.get(reverse("core-site-export")).content.decode()
        assert "Broken table" in page and "the disk is full" in page
    finally:
        site_export_unregister("zz_broken")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core-site-export-retry", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == SiteExport.Status.DONE and export.attempts == 2
    assert export.error == ""


def test_the_readme_is_in_the_staff_members_language_and_in_english(
        client, staff_user, people, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/staff/site-export/")
    readme = _zip(SiteExport.objects.latest("pk")).read("README.txt").decode()
    assert "Exportación completa" in readme
    assert "Full export of the coalition's data" in readme
    assert "Personas" in readme  # the people table's title, in Spanish


def test_old_exports_are_deleted_with_their_files(staff_user, people):
    from alianza.core.services_site_export import site_export_run

    old = site_export_request(user=staff_user, language="en")
    site_export_run(export_id=old.pk)
    old.refresh_from_db()
    SiteExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = SiteExport.objects.create(requested_by=staff_user, language="en",
                                       status=SiteExport.Status.FAILED)
    out = io.StringIO()
    call_command("site_exports_sweep", stdout=out)
    assert "deleted 1" in out.getvalue()
    assert list(SiteExport.objects.all()) == [recent]
    assert not private_storage().exists(old.file_name)


def test_an_export_whose_worker_stopped_is_marked_failed_and_another_can_start(
        client, staff_user, people):
    client.force_login(staff_user)
    stuck = site_export_request(user=staff_user, language="en")
    SiteExport.objects.filter(pk=stuck.pk).update(
        status=SiteExport.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1))
    page = client.get(reverse("core-site-export")).content.decode()
    assert "no worker has worked on it" in page
    stuck.refresh_from_db()
    assert stuck.status == SiteExport.Status.FAILED
    assert site_export_request(user=staff_user, language="en") != stuck
