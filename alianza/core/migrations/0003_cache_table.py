"""The database cache's table, so rate limits are shared by all processes without Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    # Does nothing for caches that are not in the database (Redis) or tables that exist.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_role_groups")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
