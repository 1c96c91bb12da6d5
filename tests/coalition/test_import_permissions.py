"""Contact imports need their own permission, and someone else's import is not yours to touch."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from alianza.coalition.models import ContactImport
from alianza.core.roles import COALITION_STAFF

pytestmark = pytest.mark.django_db

PEOPLE_CSV = b"Name,Email\nMar\xc3\xada L\xc3\xb3pez,maria@example.org\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def staff_client(django_user_model, username: str, *codenames: str,
                 groups: tuple[str, ...] = ()) -> Client:
    user = django_user_model.objects.create_user(username, f"{username}@example.org",
                                                 is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(*Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client) -> ContactImport | None:
    response = client.post(reverse("coalition-imports"), {
        "kind": "people", "file": SimpleUploadedFile("people.csv", PEOPLE_CSV)})
    if response.status_code != 302:
        return None
    return ContactImport.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def discard(client: Client, contact_import: ContactImport):
    return client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                       {"action": "discard"})


def test_staff_without_the_import_permission_cannot_upload_or_see_imports(django_user_model):
    clerk = staff_client(django_user_model, "clerk")

    assert clerk.get(reverse("coalition-imports")).status_code == 403
    assert upload(clerk) is None
    assert not ContactImport.objects.exists()


def test_staff_with_the_import_permission_can_upload_and_discard_their_own(django_user_model):
    importer = staff_client(django_user_model, "importer", "import_contacts")

    contact_import = upload(importer)
    assert contact_import is not None
    response = discard(importer, contact_import)

    assert response.status_code == 302
    assert not ContactImport.objects.filter(pk=contact_import.pk).exists()


def test_someone_elses_import_cannot_be_discarded_checked_or_started(django_user_model):
    owner = staff_client(django_user_model, "owner", "import_contacts")
    colleague = staff_client(django_user_model, "colleague", "import_contacts")
    contact_import = upload(owner)
    url = reverse("coalition-import-detail", args=[contact_import.pk])
    mapping = contact_import.mapping

    # Seeing it is fine (it is the same team's work); changing it is not.
    assert colleague.get(url).status_code == 200
    for action in ("discard", "check", "import", "retry"):
        response = colleague.post(url, {"action": action, "name": "1", "email": "0"})
        assert response.status_code == 403, action
        assert "no-store" in response["Cache-Control"]
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.UPLOADED
    assert contact_import.mapping == mapping


def test_those_who_manage_all_imports_can_discard_anyones(django_user_model):
    owner = staff_client(django_user_model, "owner", "import_contacts")
    manager = staff_client(django_user_model, "manager", groups=(COALITION_STAFF,))
    contact_import = upload(owner)

    assert discard(manager, contact_import).status_code == 302
    assert not ContactImport.objects.filter(pk=contact_import.pk).exists()


def test_an_import_whose_starter_left_can_still_be_cleaned_up_by_a_manager(django_user_model):
    owner = staff_client(django_user_model, "owner", "import_contacts")
    contact_import = upload(owner)
    django_user_model.objects.filter(username="owner").delete()
    contact_import.refresh_from_db()
    assert contact_import.created_by is None

    importer = staff_client(django_user_model, "importer", "import_contacts")
    assert discard(importer, contact_import).status_code == 403
    manager = staff_client(django_user_model, "manager", "import_contacts", "manage_all_imports")
    assert discard(manager, contact_import).status_code == 302
