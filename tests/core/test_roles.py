"""The staff role groups: created by migration, kept in step afterwards, given to demo users."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from alianza.coalition.models import Workgroup
from alianza.core import roles
from alianza.core.roles import ROLES

pytestmark = pytest.mark.django_db


def perms_of(group_name: str) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in
            Group.objects.get(name=group_name).permissions.select_related("content_type")}


def test_every_permission_named_in_the_roles_exists():
    existing = {f"{p.content_type.app_label}.{p.codename}"
                for p in Permission.objects.select_related("content_type")}
    missing = {perm for perms in ROLES.values() for perm in perms} - existing
    assert not missing, f"Misspelt or removed permissions in core/roles.py: {missing}"


def test_a_migrated_database_has_every_role_with_its_permissions():
    for name, perms in ROLES.items():
        assert perms_of(name) == set(perms), name


def test_roles_hold_the_custom_permissions_the_staff_pages_need():
    assert {"coalition.import_contacts", "coalition.manage_all_imports"} <= perms_of(
        roles.COALITION_STAFF)
    assert {"evidence.run_student_rules", "evidence.import_dataset"} <= perms_of(
        roles.DATA_ANALYST)
    assert "outreach.send_mailing" in perms_of(roles.OUTREACH)
    # Analysts see aggregates, not the coalition's contacts or its mailings.
    assert not {p for p in perms_of(roles.DATA_ANALYST)
                if p.startswith(("outreach.", "coalition.")) and p != roles.DASHBOARD}
    assert perms_of(roles.WORKGROUP_LEAD) == set()


def test_syncing_adds_what_is_missing_and_keeps_what_an_administrator_added():
    group = Group.objects.get(name=roles.OUTREACH)
    send = Permission.objects.get(codename="send_mailing")
    extra = Permission.objects.get(codename="view_person")
    group.permissions.remove(send)
    group.permissions.add(extra)
    Group.objects.get(name=roles.POLICY).delete()

    call_command("sync_roles", stdout=None)
    call_command("sync_roles", stdout=None)  # a second run changes nothing

    assert "outreach.send_mailing" in perms_of(roles.OUTREACH)
    assert "coalition.view_person" in perms_of(roles.OUTREACH)
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)


def test_permissions_added_later_land_in_the_groups_after_migrate(monkeypatch):
    # As if a later release granted coalition staff a permission they did not have.
    monkeypatch.setitem(ROLES, roles.COALITION_STAFF,
                        (*ROLES[roles.COALITION_STAFF], "coalition.delete_signature"))
    assert "coalition.delete_signature" not in perms_of(roles.COALITION_STAFF)

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    assert "coalition.delete_signature" in perms_of(roles.COALITION_STAFF)


def test_the_data_migration_creates_the_groups_and_can_run_twice():
    Group.objects.filter(name__in=ROLES).delete()
    # On a new database the migration runs before Django creates permissions (post_migrate).
    Permission.objects.filter(codename__in=["send_mailing", "import_contacts",
                                            "run_student_rules"]).delete()
    migration = importlib.import_module("alianza.core.migrations.0002_role_groups")
    state = MigrationLoader(connection).project_state(("core", "0002_role_groups"))

    # The migration only reads the editor's connection; a real one cannot open inside a test.
    editor = SimpleNamespace(connection=connection)
    migration.create_role_groups(state.apps, editor)
    migration.create_role_groups(state.apps, editor)

    for name, perms in ROLES.items():
        assert perms_of(name) == set(perms), name


def test_demo_users_get_their_roles():
    call_command("demo_data", stdout=None)
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    lead = users.get(username="lead")
    assert not lead.is_staff and lead.groups.filter(name=roles.WORKGROUP_LEAD).exists()
    assert Workgroup.objects.filter(leads=lead).exists()
    for username, role in [("coordinator", roles.COALITION_STAFF),
                           ("analyst", roles.DATA_ANALYST), ("outreach", roles.OUTREACH)]:
        user = users.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [role]
    assert users.get(username="analyst").has_perm("evidence.run_student_rules")
    assert not users.get(username="analyst").has_perm("coalition.import_contacts")
