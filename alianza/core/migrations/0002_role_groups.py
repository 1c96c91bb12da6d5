"""Create the staff role groups (see docs/roles.md); safe to run on a database that has them."""

from django.db import migrations


def create_role_groups(apps, schema_editor) -> None:
    from alianza.core.roles import role_groups_sync

    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The permissions the groups hold must exist in the migration state.
        ("coalition", "0008_staff_permissions"),
        ("outreach", "0002_send_permission"),
        ("evidence", "0003_manage_all_runs"),
    ]

    # Groups may have members by the time anyone migrates back: leave them in place.
    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
