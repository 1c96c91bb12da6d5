"""Erasure reaches what contact imports kept, and people are erased, never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.coalition.models import Consent, ContactImport, Person
from tests.coalition import test_person_data as person_data
from tests.coalition.test_imports import PEOPLE, import_rows
from tests.coalition.test_person_data import (
    EMAIL,
    NAME,
    OTHER_EMAIL,
    PHONE,
    _rows_mentioning,
    erase,
)

person, officer = person_data.person, person_data.officer  # the same fixtures

# Imports are queued on commit, so these tests use real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_a_finished_import_keeps_no_copy_of_the_rows(staff_client):
    contact_import = import_rows(staff_client, PEOPLE)

    assert contact_import.status == ContactImport.Status.DONE
    assert contact_import.samples == []
    assert "maria@example.org" not in str(ContactImport.objects.values().get()).lower()


@pytest.fixture
def imports(person) -> tuple[ContactImport, ContactImport]:
    waiting = ContactImport.objects.create(
        kind="people", original_name="parents.csv", status=ContactImport.Status.CHECKED,
        columns=["Name", "Email", "Phone"],
        samples=[["Other Parent", "other@example.org", ""],
                 [NAME, EMAIL.upper(), PHONE]],
    )
    done = ContactImport.objects.create(
        kind="people", original_name="old.csv", status=ContactImport.Status.DONE,
        error_count=2,
        errors=[{"row": 4, "column": "Other emails", "code": "invalid_email",
                 "params": {"value": f"{OTHER_EMAIL};;"}},
                {"row": 9, "column": "Email", "code": "invalid_email",
                 "params": {"value": "someone@"}}],
    )
    return waiting, done


def test_erasing_scrubs_the_person_from_contact_imports(officer, person, imports):
    response = erase(officer, person)

    assert response.status_code == 302
    assert _rows_mentioning(NAME, "Qorvath", EMAIL, OTHER_EMAIL, PHONE) == []
    waiting, done = (ContactImport.objects.get(pk=i.pk) for i in imports)
    assert waiting.samples == [["Other Parent", "other@example.org", ""]]
    # The report still adds up: the row's message stays, without what it quoted.
    assert [(e["row"], e["code"], e["params"]["value"]) for e in done.errors] == [
        (4, "invalid_email", ""), (9, "invalid_email", "someone@")]


def test_the_download_says_which_imports_mention_the_person(officer, person, imports):
    response = officer.post(reverse("coalition-person-data-download", args=[person.pk]),
                            {"export-reason": "Letter of 2 May"})

    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"parents.csv" in data and b"old.csv" in data


def test_the_admin_refuses_to_delete_a_person_and_points_to_erasure(staff_client, person):
    delete_page = reverse("admin:coalition_person_delete", args=[person.pk])

    assert staff_client.post(delete_page, {"post": "yes"}).status_code == 403
    changelist = staff_client.get(reverse("admin:coalition_person_changelist"))
    assert b"delete_selected" not in changelist.content
    change = staff_client.get(reverse("admin:coalition_person_change", args=[person.pk]))
    assert reverse("coalition-person-data", args=[person.pk]).encode() in change.content
    assert Person.objects.filter(pk=person.pk).exists()
    assert Consent.objects.filter(person=person, granted=False).count() == 0
