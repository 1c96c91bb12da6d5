"""Public identifiers and modification times for statements, signatures and workgroups.

Existing rows get a uuid each in chunks, before the column becomes unique; ``modified_at``
starts at the time of the migration.
"""

import functools
import uuid

import django.utils.timezone
from django.db import migrations, models

from alianza.core.db_defaults import uuids_fill

MODELS = ["statement", "signature", "workgroup", "workgroupmembership"]


def _add(name: str) -> list:
    return [
        migrations.AddField(
            model_name=name, name="uuid", field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name=name, name="modified_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]


def _finish(name: str) -> list:
    return [
        migrations.AlterField(
            model_name=name, name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name=name, name="modified_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ("coalition", "0019_person_api_identity"),
    ]

    operations = [
        *[operation for name in MODELS for operation in _add(name)],
        migrations.RunPython(functools.partial(uuids_fill, app_label="coalition", models=MODELS),
                             migrations.RunPython.noop),
        *[operation for name in MODELS for operation in _finish(name)],
    ]
