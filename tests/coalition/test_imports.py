"""Importing contacts from CSV and XLSX: mapping, dry run, background import, bad files."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from alianza.coalition.imports import batches
from alianza.coalition.models import (
    Affiliation,
    ContactImport,
    Organization,
    Person,
    PersonEmail,
)
from alianza.coalition.services import imports as import_services

# Imports are queued on commit, so these tests use real transactions.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

PEOPLE = [
    ["Name", "Email", "Phone", "Preferred language", "County", "Organization", "Title"],
    ["María López", "Maria@Example.org", "(213) 555-0100", "Español", "Los Angeles",
     "Parents United", "Parent leader"],
    ["Tuan Nguyen", "tuan@example.org", "", "Vietnamese", "Orange", "", ""],
    ["Ana Ruiz", "ana@example.org", "", "es-MX", "", "parents  united", "Organizer"],
]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def tasks_backend(name: str) -> dict:
    from importlib.util import find_spec

    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    return {"default": {"BACKEND": f"{module}.backends.{name}.{name.title()}Backend"}}


@pytest.fixture
def queue_only(settings):
    """Queued tasks wait for a worker instead of running at once."""
    settings.TASKS = tasks_backend("dummy")


def csv_file(rows, *, encoding="utf-8", delimiter=",", name="contacts.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def upload(client, file, kind="people"):
    return client.post(reverse("coalition-imports"), {"kind": kind, "file": file})


def check(client, contact_import, mapping=None):
    mapping = contact_import.mapping if mapping is None else mapping
    data = {"action": "check", **{key: str(index) for key, index in mapping.items()}}
    response = client.post(reverse("coalition-import-detail", args=[contact_import.pk]), data)
    # The dry run is a task: when tasks only queue, run it here as the worker would.
    import_services.contact_import_check_run(import_id=contact_import.pk)
    return response


def start(client, contact_import):
    return client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                       {"action": "import"})


def import_rows(client, rows, kind="people", **file_options) -> ContactImport:
    """Upload, dry-run and import a file as staff would, returning the finished import."""
    assert upload(client, csv_file(rows, **file_options), kind).status_code == 302
    contact_import = ContactImport.objects.latest("pk")
    assert check(client, contact_import).status_code == 302
    assert start(client, contact_import).status_code == 302
    contact_import.refresh_from_db()
    return contact_import


def page(client, contact_import) -> str:
    response = client.get(reverse("coalition-import-detail", args=[contact_import.pk]))
    assert response.status_code == 200
    return response.content.decode()


# The whole journey ----------------------------------------------------------------------


def test_staff_upload_a_file_and_see_their_columns_guessed(staff_client):
    response = upload(staff_client, csv_file(PEOPLE))

    contact_import = ContactImport.objects.get()
    assert response.url == reverse("coalition-import-detail", args=[contact_import.pk])
    assert contact_import.total_rows == 3
    assert contact_import.mapping == {
        "name": 0, "email": 1, "phone": 2, "preferred_language": 3, "county": 4,
        "organization": 5, "title": 6,
    }
    html = page(staff_client, contact_import)
    assert "Check the file (dry run)" in html
    assert "Maria@Example.org" in html  # first values are shown next to each column


def test_the_dry_run_saves_no_one_and_says_what_would_happen(staff_client):
    upload(staff_client, csv_file(PEOPLE))
    contact_import = ContactImport.objects.get()

    response = check(staff_client, contact_import)

    assert response.status_code == 302
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.CHECKED
    assert contact_import.preview == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    assert Person.objects.count() == 0
    assert Organization.objects.count() == 0
    assert "Nothing has been saved yet" in page(staff_client, contact_import)


def test_importing_creates_people_with_their_organizations_and_deletes_the_file(
    staff_client, data_dir
):
    contact_import = import_rows(staff_client, PEOPLE)

    assert contact_import.status == ContactImport.Status.DONE
    assert (contact_import.created_count, contact_import.processed_rows) == (3, 3)
    maria = Person.objects.get(email="maria@example.org")
    assert (maria.name, maria.phone, maria.preferred_language, maria.county_code) == (
        "María López", "(213) 555-0100", "es", "19")
    assert Person.objects.get(email="ana@example.org").preferred_language == "es-MX"
    assert Person.objects.get(email="tuan@example.org").preferred_language == "vi"
    organization = Organization.objects.get()
    assert organization.name == "Parents United"
    assert set(Affiliation.objects.values_list("person__email", "title")) == {
        ("maria@example.org", "Parent leader"), ("ana@example.org", "Organizer")}
    assert list((data_dir / "imports").iterdir()) == []
    assert "The import is finished" in page(staff_client, contact_import)


def test_spanish_column_names_and_language_names_are_understood(staff_client):
    rows = [
        ["Nombre", "Apellidos", "Correo electrónico", "Teléfono", "Idioma", "Condado"],
        ["José", "Peña", "jose@example.org", "555-0101", "Inglés", "Fresno"],
    ]
    import_rows(staff_client, rows)

    person = Person.objects.get()
    assert (person.name, person.preferred_language, person.phone, person.county_label) == (
        "José Peña", "en", "555-0101", "Fresno")


def test_organizations_are_imported_and_matched_on_their_normalised_name(staff_client):
    Organization.objects.create(name="Parent Organization Network", kind="other")
    rows = [
        ["Organization name", "Type", "County", "Website", "Languages served"],
        ["parent organization  NETWORK", "Grupo de padres", "Kern", "pon.example.org",
         "Spanish, Mixteco"],
        ["Californians Together", "Non-profit", "Orange", "https://example.org/ct", "es; vi"],
    ]
    contact_import = import_rows(staff_client, rows, kind="organizations")

    assert (contact_import.created_count, contact_import.updated_count) == (1, 1)
    existing = Organization.objects.get(normalized_name="parent organization network")
    assert existing.name == "Parent Organization Network"  # not overwritten
    assert (existing.kind, existing.county_label, existing.website, existing.languages_served) == (
        "parent_group", "Kern", "https://pon.example.org", "es, mix")
    assert Organization.objects.get(name="Californians Together").kind == "nonprofit"


def test_xlsx_files_are_imported_with_numbers_read_as_text(staff_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "E-mail", "Mobile"])
    sheet.append(["Lupe Torres", "lupe@example.org", 4155550100])
    sheet.append([None, None, None])
    sheet.append(["Kim Lee", "kim@example.org", None])
    content = io.BytesIO()
    workbook.save(content)

    upload(staff_client, SimpleUploadedFile("contacts.xlsx", content.getvalue()))
    contact_import = ContactImport.objects.get()
    assert contact_import.file_format == "xlsx"
    assert contact_import.total_rows == 2  # the blank row is left out
    check(staff_client, contact_import)
    start(staff_client, contact_import)

    assert Person.objects.get(email="lupe@example.org").phone == "4155550100"
    assert Person.objects.filter(email="kim@example.org").exists()


def test_xlsx_files_with_a_blank_first_row_are_read(staff_client):
    workbook = Workbook()
    workbook.active.append([None])
    workbook.active.append(["Nombre completo", "Correo", "Celular"])
    workbook.active.append(["Lupe Torres", "lupe@example.org", 4155550100])
    content = io.BytesIO()
    workbook.save(content)

    upload(staff_client, SimpleUploadedFile("contactos.xlsx", content.getvalue()))
    contact_import = ContactImport.objects.get()
    check(staff_client, contact_import)
    start(staff_client, contact_import)

    person = Person.objects.get()
    assert (person.name, person.email, person.phone) == (
        "Lupe Torres", "lupe@example.org", "4155550100")


# Row problems ---------------------------------------------------------------------------


def test_the_dry_run_lists_each_row_problem_with_its_row_and_column(staff_client):
    rows = [
        ["Name", "Email", "Language"],
        ["Good Person", "good@example.org", "en"],
        ["No Address", "not-an-email", "en"],
        ["", "nameless@example.org", "es"],
        ["Again Good", "GOOD@example.org ", "es"],
        ["Klingon Speaker", "k@example.org", "Klingon"],
    ]
    upload(staff_client, csv_file(rows))
    contact_import = ContactImport.objects.get()
    check(staff_client, contact_import)

    contact_import.refresh_from_db()
    assert contact_import.preview["created"] == 1
    assert contact_import.preview["skipped"] == 4
    problems = {(e["row"], e["column"], e["code"]) for e in contact_import.errors}
    assert problems == {
        (3, "Email", "invalid_email"), (4, "Name", "missing_name"), (5, "Email", "duplicate"),
        (6, "Language", "unknown_language"),
    }
    html = page(staff_client, contact_import)
    assert "“not-an-email” is not a valid email address." in html
    assert "The name is missing." in html
    assert "This contact is already in row 2 of the file" in html
    assert "“Klingon” is not a language we recognize." in html


def test_a_row_with_more_cells_than_column_names_is_reported(staff_client):
    content = b"Name,Email\r\nAna Ruiz,ana@example.org\r\nRuiz, Luis,luis@example.org\r\n"
    upload(staff_client, SimpleUploadedFile("contacts.csv", content))
    contact_import = ContactImport.objects.get()
    check(staff_client, contact_import)

    contact_import.refresh_from_db()
    assert [(e["row"], e["code"]) for e in contact_import.errors] == [(3, "extra_cells")]
    assert "more cells than there are column names" in page(staff_client, contact_import)


def test_rows_with_problems_are_skipped_and_the_rest_imported(staff_client):
    rows = [["Name", "Email"], ["Good Person", "good@example.org"], ["Bad", "bad@"]]
    contact_import = import_rows(staff_client, rows)

    assert list(Person.objects.values_list("email", flat=True)) == ["good@example.org"]
    assert (contact_import.created_count, contact_import.error_count) == (1, 1)
    assert "“bad@” is not a valid email address." in page(staff_client, contact_import)


def test_a_mapping_without_an_email_column_is_refused(staff_client):
    upload(staff_client, csv_file(PEOPLE))
    contact_import = ContactImport.objects.get()

    response = check(staff_client, contact_import, {"name": 0})

    assert response.status_code == 400
    assert "Choose a column for: Email" in response.content.decode()


# Dedupe ---------------------------------------------------------------------------------


def test_known_people_are_matched_on_any_address_and_only_get_blanks_filled(staff_client):
    known = Person.objects.create(name="María L.", email="maria@example.org", phone="",
                                  preferred_language="en")
    other = Person.objects.create(name="Tuan N.", email="t.nguyen@school.example.org")
    PersonEmail.objects.create(person=other, email="tuan@example.org")

    contact_import = import_rows(staff_client, PEOPLE)

    assert Person.objects.count() == 3
    known.refresh_from_db()
    assert known.name == "María L."  # never overwritten
    assert known.phone == "(213) 555-0100"  # blank filled
    assert known.preferred_language == "en"  # a choice already made is kept
    other.refresh_from_db()
    assert (other.name, other.county_label) == ("Tuan N.", "Orange")
    assert (contact_import.created_count, contact_import.updated_count) == (1, 2)


def test_importing_the_same_file_again_adds_no_one(staff_client):
    import_rows(staff_client, PEOPLE)

    again = import_rows(staff_client, PEOPLE)

    assert Person.objects.count() == 3
    assert Organization.objects.count() == 1
    assert Affiliation.objects.count() == 2
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)


def test_other_addresses_in_the_file_are_kept_and_deduped(staff_client):
    rows = [
        ["Name", "Email", "Other emails"],
        ["Rosa Díaz", "rosa@example.org", "rosa@work.example.org; ROSA@home.example.org"],
        ["Rosa D.", "rosa@home.example.org", ""],
    ]
    contact_import = import_rows(staff_client, rows)

    person = Person.objects.get()
    assert set(person.other_emails.values_list("email", flat=True)) == {
        "rosa@work.example.org", "rosa@home.example.org"}
    assert [(e["row"], e["code"]) for e in contact_import.errors] == [(3, "duplicate")]


# Bad files ------------------------------------------------------------------------------


def _zip_that_is_not_a_workbook() -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("hello.txt", "not a spreadsheet")
    return content.getvalue()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "The submitted file is empty."),
    ("blank.csv", b"\r\n\r\n  \r\n", "The file is empty."),
    ("header.csv", b"Name,Email\r\n", "The file has column names but no rows of contacts."),
    ("contacts.xlsx", b"Name,Email\r\nAna,ana@example.org\r\n", "is not an Excel workbook"),
    ("contacts.xlsx", _zip_that_is_not_a_workbook(), "could not be opened as an Excel workbook"),
    ("contacts.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel (.xls)"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "does not look like a CSV"),
    ("quotes.csv", b'Name,Email\r\n"Ana,ana@example.org\r\nLuis,luis@example.org\r\n',
     "could not be read as CSV near line"),
    ("data.csv", b"Ana,ana@example.org\r\nLuis,luis@example.org\r\n",
     "The first row should hold column names"),
])
def test_a_file_that_cannot_be_read_gets_a_clear_message(staff_client, data_dir, name, content,
                                                         message):
    response = upload(staff_client, SimpleUploadedFile(name, content))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ContactImport.objects.exists()
    assert list((data_dir / "imports").glob("*")) == []


def test_a_file_over_the_size_limit_is_refused(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(staff_client, csv_file([["Name", "Email"]] + [["A", "a@example.org"]] * 100))

    assert response.status_code == 400
    assert "the largest file you can import is 1000" in response.content.decode()


def test_a_file_with_too_many_columns_is_refused(staff_client, settings):
    settings.IMPORT_MAX_COLUMNS = 5
    rows = [[f"Column {n}" for n in range(8)], [str(n) for n in range(8)]]

    response = upload(staff_client, csv_file(rows))

    assert response.status_code == 400
    assert "The file has 8 columns; at most 5 can be imported." in response.content.decode()


def test_a_bad_file_gives_a_message_not_an_error_page_in_spanish_too(staff_client):
    response = staff_client.post(
        reverse("coalition-imports").replace("/en/", "/es/", 1),
        {"kind": "people", "file": SimpleUploadedFile("empty.csv", b"")},
    )

    assert response.status_code == 400
    assert 'lang="es"' in response.content.decode()


def test_an_upload_without_a_file_is_refused(staff_client):
    response = staff_client.post(reverse("coalition-imports"), {"kind": "people"})

    assert response.status_code == 400
    assert not ContactImport.objects.exists()


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8-sig", ","), ("cp1252", ";"), ("latin-1", "\t"), ("utf-16", "\t"), ("utf-8", ";"),
])
def test_common_encodings_and_separators_are_read(staff_client, encoding, delimiter):
    rows = [["Nombre", "Correo"], ["José Peña Muñoz", "jose@example.org"],
            ["Zoë Ångström", "zoe@example.org"]]
    import_rows(staff_client, rows, encoding=encoding, delimiter=delimiter)

    assert set(Person.objects.values_list("name", flat=True)) == {
        "José Peña Muñoz", "Zoë Ångström"}


def test_a_latin1_file_with_bytes_unknown_to_windows_is_still_read(staff_client):
    content = "Name,Email\r\nAnn\u0081e,annie@example.org\r\n".encode("latin-1")
    upload(staff_client, SimpleUploadedFile("contacts.csv", content))

    assert ContactImport.objects.get().encoding == "latin-1"


# Background work, progress, failures ----------------------------------------------------


def test_the_progress_fragment_polls_until_the_import_is_done(staff_client, queue_only):
    upload(staff_client, csv_file(PEOPLE))
    contact_import = ContactImport.objects.get()
    check(staff_client, contact_import)
    start(staff_client, contact_import)
    progress_url = reverse("coalition-import-progress", args=[contact_import.pk])

    waiting = staff_client.get(progress_url, HTTP_HX_REQUEST="true")

    assert waiting.status_code == 200
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    assert "0 of 3 rows (0%)" in waiting.content.decode()

    import_services.contact_import_run(import_id=contact_import.pk)  # a worker picks it up
    done = staff_client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()

    assert "hx-trigger" not in done
    assert "3 of 3 rows (100%)" in done
    assert "The import is finished" in done
    assert staff_client.get(progress_url).status_code == 302  # without htmx: the page


def test_pressing_import_twice_queues_the_import_once(staff_client, queue_only):
    upload(staff_client, csv_file(PEOPLE))
    contact_import = ContactImport.objects.get()
    check(staff_client, contact_import)

    assert import_services.contact_import_start(contact_import=contact_import)
    assert not import_services.contact_import_start(contact_import=contact_import)


def test_a_failed_batch_is_retried_and_the_import_resumes_without_duplicates(
    staff_client, settings, monkeypatch
):
    settings.IMPORT_BATCH_SIZE = 2
    rows = [["Name", "Email"]] + [[f"Person {n}", f"p{n}@example.org"] for n in range(7)]
    real_apply = batches.apply_people
    calls = {"writes": 0}

    def fail_on_second_write(valid, *, write):
        if write:
            calls["writes"] += 1
            if calls["writes"] == 2:
                raise RuntimeError("database went away")
        return real_apply(valid, write=write)

    monkeypatch.setattr(batches, "apply_people", fail_on_second_write)

    contact_import = import_rows(staff_client, rows)

    assert contact_import.status == ContactImport.Status.DONE
    assert contact_import.attempts == 2
    assert "database went away" in contact_import.failure
    assert Person.objects.count() == 7
    assert (contact_import.created_count, contact_import.processed_rows) == (7, 7)


def test_an_import_that_keeps_failing_stops_and_can_be_tried_again(
    staff_client, settings, monkeypatch
):
    settings.IMPORT_MAX_ATTEMPTS = 2
    real_apply = batches.apply_people

    def fail_every_write(valid, *, write):
        if write:
            raise RuntimeError("disk full")
        return real_apply(valid, write=write)

    monkeypatch.setattr(batches, "apply_people", fail_every_write)
    contact_import = import_rows(staff_client, PEOPLE)

    contact_import.refresh_from_db()
    assert (contact_import.status, contact_import.attempts) == (ContactImport.Status.FAILED, 2)
    assert "Try again" in page(staff_client, contact_import)

    monkeypatch.undo()
    staff_client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                      {"action": "retry"})

    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.DONE
    assert Person.objects.count() == 3


def test_an_import_whose_worker_died_resumes_without_duplicating_anyone(
    staff_client, queue_only, settings
):
    upload(staff_client, csv_file(PEOPLE))
    contact_import = ContactImport.objects.get()
    check(staff_client, contact_import)
    start(staff_client, contact_import)
    # The worker wrote the first person, then was killed before it could count them.
    Person.objects.create(name="María López", email="maria@example.org")
    ContactImport.objects.filter(pk=contact_import.pk).update(
        status=ContactImport.Status.RUNNING, attempts=1,
        heartbeat_at=timezone.now() - timedelta(minutes=30),
    )
    assert "has not moved for several minutes" in page(staff_client, contact_import)

    settings.TASKS = tasks_backend("immediate")
    staff_client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                      {"action": "retry"})

    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.DONE
    assert Person.objects.filter(email="maria@example.org").count() == 1
    assert Person.objects.count() == 3
    assert (contact_import.created_count, contact_import.updated_count) == (2, 1)


def test_an_import_no_worker_picked_up_can_be_started_again(staff_client, queue_only,
                                                              settings):
    upload(staff_client, csv_file(PEOPLE))
    contact_import = ContactImport.objects.get()
    check(staff_client, contact_import)
    start(staff_client, contact_import)
    ContactImport.objects.filter(pk=contact_import.pk).update(
        updated_at=timezone.now() - timedelta(minutes=30))

    assert "the worker may have stopped" in page(staff_client, contact_import)

    settings.TASKS = tasks_backend("immediate")
    staff_client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                      {"action": "retry"})

    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.DONE
    assert Person.objects.count() == 3


# Who may import -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("coalition-imports"))

    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.parametrize("persona", ["lead_client", "member_client"])
def test_people_who_are_not_staff_cannot_see_or_import(request, persona, staff_user):
    contact_import = ContactImport.objects.create(
        kind="people", original_name="secret.csv", columns=["Name", "Email"], total_rows=1,
        created_by=staff_user,
    )
    client = request.getfixturevalue(persona)
    urls = [reverse("coalition-imports"),
            reverse("coalition-import-detail", args=[contact_import.pk]),
            reverse("coalition-import-progress", args=[contact_import.pk])]

    for url in urls:
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert response.status_code in (302, 403)
        assert "secret.csv" not in response.content.decode()
    response = upload(client, csv_file(PEOPLE))

    assert response.status_code in (302, 403)
    assert ContactImport.objects.count() == 1
    assert Person.objects.filter(email="maria@example.org").count() == 0
