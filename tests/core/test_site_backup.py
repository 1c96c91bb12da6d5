"""site_backup and site_restore bring a whole site back: every table's rows and every file."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from alianza.coalition.models import Consent, Organization, Person
from alianza.core.models import SiteExport
from alianza.core.private_files import private_storage
from alianza.core.site_backup import _walk, backed_up_models
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def storages_in(settings, tmp_path):
    def point_at(name: str) -> None:
        settings.MEDIA_ROOT = tmp_path / name / "media"
        settings.DATA_DIR = tmp_path / name / "data"
    point_at("site")
    return point_at


def _site() -> None:
    user = get_user_model().objects.create_user("rosa", "rosa@example.org", PASSWORD,
                                                is_staff=True)
    user.groups.add(Group.objects.get(name="Outreach"))
    organization = Organization.objects.create(name="Padres Unidos", kind="parent_group")
    organization.logo.save("logo.png", ContentFile(b"\x89PNG logo bytes"), save=True)
    person = Person.objects.create(name="Ana Núñez", email="ana@example.org",
                                   import_extra={"barrio": "Fruitvale", "hijos": 2})
    person.affiliations.create(organization=organization, title="Directora")
    for granted in (True, False):
        Consent.objects.create(person=person, kind="email", scope="updates", granted=granted,
                               wording="Sí, envíenme correos", language="es", source="test")
    SiteExport.objects.create(requested_by=user, language="es", row_counts={"a.csv": 3})
    private_storage().save("imports/contacts.csv", ContentFile(b"email\nana@example.org\n"))


def _snapshot() -> dict:
    tables = {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list(
            *[f.attname for f in model._meta.concrete_fields]))
        for model in backed_up_models()
    }
    files = {alias: {name: storage.open(name, "rb").read() for name in _walk(storage)}
             for alias, storage in (("default", default_storage), ("private", private_storage()))}
    return {"tables": tables, "files": files}


def test_a_backup_restored_into_an_empty_site_gives_back_every_row_and_file(
        storages_in, tmp_path):
    _site()
    before = _snapshot()
    assert before["tables"]["coalition_consent"] and before["files"]["default"]
    call_command("site_backup", str(tmp_path / "site.zip"), stdout=None)

    # A new server: a freshly migrated database, empty storage.
    call_command("flush", interactive=False, verbosity=0)
    storages_in("new-server")
    assert not Person.objects.exists()
    call_command("site_restore", str(tmp_path / "site.zip"), stdout=None)

    after = _snapshot()
    assert after["tables"].keys() == before["tables"].keys()
    for table, rows in before["tables"].items():
        assert after["tables"][table] == rows, table
    assert after["files"] == before["files"]
    # Sequences go on after the restored ids.
    newcomer = Person.objects.create(name="Luis", email="luis@example.org")
    assert newcomer.pk > max(row[0] for row in before["tables"]["coalition_person"])
    assert get_user_model().objects.get(username="rosa").check_password(PASSWORD)


def test_restore_refuses_a_site_with_data_unless_forced(storages_in, tmp_path):
    _site()
    before = _snapshot()
    call_command("site_backup", str(tmp_path / "site.zip"), stdout=None)
    Person.objects.create(name="Added later", email="later@example.org")
    with pytest.raises(CommandError, match="not empty"):
        call_command("site_restore", str(tmp_path / "site.zip"), stdout=None)
    assert Person.objects.filter(email="later@example.org").exists()

    # Forced: the consent history (append-only on PostgreSQL) is replaced as a whole.
    call_command("site_restore", str(tmp_path / "site.zip"), force=True, stdout=None)
    after = _snapshot()
    assert after["tables"] == before["tables"]
    assert after["files"] == before["files"]


def test_restore_refuses_a_file_that_is_not_a_backup(storages_in, tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CommandError, match="not an Alianza backup"):
        call_command("site_restore", str(tmp_path / "other.zip"), stdout=None)
