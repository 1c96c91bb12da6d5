"""Driving the contact import as staff do: upload, map, dry run, import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alianza.coalition.models import ContactImport
from alianza.coalition.services import imports as import_services

DATA = Path(__file__).parent / "data"


def data_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def csv_file(rows, *, name="contacts.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode())


def upload(client, file, *, kind="people", preset=""):
    return client.post(reverse("coalition-imports"),
                       {"kind": kind, "file": file, "preset": preset})


def check(client, contact_import, *, tag="", lists=(), wording="", mapping=None):
    mapping = contact_import.mapping if mapping is None else mapping
    data = {"action": "check", **{key: str(index) for key, index in mapping.items()},
            "outreach-tag": tag, "outreach-lists": list(lists),
            "consent_wording_default": wording}
    response = client.post(reverse("coalition-import-detail", args=[contact_import.pk]), data)
    import_services.contact_import_check_run(import_id=contact_import.pk)
    contact_import.refresh_from_db()
    return response


def start(client, contact_import):
    response = client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                           {"action": "import"})
    contact_import.refresh_from_db()
    return response


def import_file(client, file, *, preset="", **options) -> ContactImport:
    """Upload, dry-run and import a file, returning the finished import."""
    assert upload(client, file, preset=preset).status_code == 302
    contact_import = ContactImport.objects.latest("pk")
    assert check(client, contact_import, **options).status_code == 302
    assert contact_import.status == ContactImport.Status.CHECKED, contact_import.failure
    assert start(client, contact_import).status_code == 302
    assert contact_import.status == ContactImport.Status.DONE, contact_import.failure
    return contact_import


def page(client, contact_import) -> str:
    response = client.get(reverse("coalition-import-detail", args=[contact_import.pk]))
    assert response.status_code == 200
    return response.content.decode()


def messages_of(contact_import) -> list[str]:
    from alianza.coalition.imports.fields import error_message

    return [error_message(error) for error in contact_import.errors]
