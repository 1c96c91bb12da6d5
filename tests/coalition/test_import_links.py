"""Imports keep a link to each person they touched, with what they did to them: shown on
the person's timeline, kept when people are merged, removed when a person is erased, and in
the person's data download. The import reuses the dry run's checked rows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alianza.coalition.imports.checked_rows import checked_rows_name
from alianza.coalition.models import ContactImport, ContactImportPerson, Person
from alianza.coalition.services.person_merge import person_merge
from alianza.coalition.services.privacy import person_data_export, person_erase
from alianza.core.private_files import private_file_exists
from tests.coalition.import_helpers import check, csv_file, import_file, start, upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

HEADER = ["Name", "Email", "Phone"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def timeline(client, person: Person) -> str:
    response = client.get(reverse("coalition-person", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_person_is_linked_to_the_import_with_what_it_did(staff_client):
    known = Person.objects.create(name="", email="known@example.org")
    same = Person.objects.create(name="Same Person", email="same@example.org")

    contact_import = import_file(staff_client, csv_file([
        HEADER, ["New Person", "new@example.org", ""], ["Known Person", "known@example.org", ""],
        ["Same Person", "same@example.org", ""],
    ], name="spring.csv"))

    links = dict(ContactImportPerson.objects.filter(contact_import=contact_import)
                 .values_list("person__email", "action"))
    assert links == {"new@example.org": "created", known.email: "updated",
                     same.email: "unchanged"}


def test_the_dry_run_links_no_one(staff_client):
    assert upload(staff_client, csv_file([HEADER, ["Ana", "ana@example.org", ""]])
                  ).status_code == 302
    check(staff_client, ContactImport.objects.latest("pk"))

    assert not ContactImportPerson.objects.exists()


def test_the_timeline_says_what_each_import_did(staff_client):
    person = Person.objects.create(name="", email="rosa@example.org")
    import_file(staff_client, csv_file([HEADER, ["Rosa", "rosa@example.org", ""]],
                                       name="march.csv"))
    import_file(staff_client, csv_file([HEADER, ["Rosa", "rosa@example.org", ""]],
                                       name="april.csv"))

    page = timeline(staff_client, person)
    assert "Updated by the import “march.csv”" in page
    assert "In the import “april.csv”, with nothing to change" in page
    with translation.override("es"):
        assert "Registro actualizado por la importación «march.csv»" in timeline(
            staff_client, person)


def test_a_person_the_import_added_sees_it_on_their_timeline(staff_client):
    import_file(staff_client, csv_file([HEADER, ["Tuan", "tuan@example.org", ""]],
                                       name="fall.csv"))

    page = timeline(staff_client, Person.objects.get(email="tuan@example.org"))
    assert "Added by the import “fall.csv”" in page
    assert "Mentioned in the contact import" not in page


def test_links_follow_the_person_kept_in_a_merge(staff_client, staff_user):
    import_file(staff_client, csv_file([HEADER, ["Ana", "ana@example.org", ""],
                                        ["Ana R", "ana.r@example.org", ""]]))
    survivor = Person.objects.get(email="ana@example.org")
    duplicate = Person.objects.get(email="ana.r@example.org")

    person_merge(survivor_id=survivor.pk, duplicate_id=duplicate.pk, by=staff_user)

    assert list(survivor.import_links.values_list("action", flat=True)) == ["created"] * 2


def test_erasure_removes_the_links_and_the_data_download_lists_them(staff_client, staff_user):
    import_file(staff_client, csv_file([HEADER, ["Lin", "lin@example.org", ""]],
                                       name="winter.csv"))
    person = Person.objects.get(email="lin@example.org")

    data = person_data_export(person=person, actor=staff_user, reason="Asked by email")
    assert [(item["file"], item["what_happened"])
            for item in data["contact_imports_touching"]] == [("winter.csv", "created")]

    person_erase(person=person, actor=staff_user, reason="Asked by email",
                 confirmation="lin@example.org")
    assert not ContactImportPerson.objects.filter(person=person).exists()


def test_the_import_reuses_the_dry_runs_rows_and_deletes_them_when_done(staff_client):
    assert upload(staff_client, csv_file([HEADER, ["Ana", "ana@example.org", ""]])
                  ).status_code == 302
    contact_import = ContactImport.objects.latest("pk")
    check(staff_client, contact_import)
    saved = checked_rows_name(contact_import.stored_path)
    assert private_file_exists(saved)

    start(staff_client, contact_import)

    assert contact_import.status == ContactImport.Status.DONE
    assert Person.objects.filter(email="ana@example.org").exists()
    assert not private_file_exists(saved)


def test_saved_rows_from_another_mapping_are_not_reused(staff_client):
    assert upload(staff_client, csv_file([HEADER, ["Ana", "ana@example.org", "555-0100"]])
                  ).status_code == 302
    contact_import = ContactImport.objects.latest("pk")
    check(staff_client, contact_import)
    # The mapping changes behind the dry run's back (no phone column any more): the saved
    # rows no longer match, so the import checks the file again.
    mapping = {key: index for key, index in contact_import.mapping.items() if key != "phone"}
    ContactImport.objects.filter(pk=contact_import.pk).update(mapping=mapping)
    contact_import.refresh_from_db()

    start(staff_client, contact_import)

    assert contact_import.status == ContactImport.Status.DONE
    assert Person.objects.get(email="ana@example.org").phone == ""


def test_a_resumed_import_reads_the_saved_rows_after_its_last_batch(staff_client, settings,
                                                                     monkeypatch):
    from alianza.coalition.imports import batches

    settings.IMPORT_BATCH_SIZE = 2
    rows = [HEADER] + [[f"Person {n}", f"p{n}@example.org", ""] for n in range(5)]
    rows.append(["Again", "p0@example.org", ""])  # a duplicate of a row imported before
    real_apply = batches.apply_people
    writes = {"count": 0}

    def fail_on_second_write(valid, *, write):
        if write:
            writes["count"] += 1
            if writes["count"] == 2:
                raise RuntimeError("database went away")
        return real_apply(valid, write=write)

    monkeypatch.setattr(batches, "apply_people", fail_on_second_write)
    contact_import = import_file(staff_client, csv_file(rows))

    assert contact_import.attempts == 2
    assert Person.objects.count() == 5
    assert [error["code"] for error in contact_import.errors] == ["duplicate"]
    assert ContactImportPerson.objects.filter(contact_import=contact_import,
                                              action="created").count() == 5
