"""Public identifiers and modification times for statements, signatures and workgroups.

Existing rows get a uuid each in chunks, before the column becomes unique; ``modified_at``
starts at the time of the migration.
"""

import uuid

import django.utils.timezone
from django.db import migrations, models

MODELS = ["statement", "signature", "workgroup", "workgroupmembership"]
CHUNK = 2000


def fill_uuids(apps, schema_editor) -> None:
    for name in MODELS:
        model = apps.get_model("coalition", name)
        pks = list(model.objects.filter(uuid__isnull=True).values_list("pk", flat=True))
        for start in range(0, len(pks), CHUNK):
            rows = [model(pk=pk, uuid=uuid.uuid4()) for pk in pks[start:start + CHUNK]]
            model.objects.bulk_update(rows, ["uuid"])


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
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        *[operation for name in MODELS for operation in _finish(name)],
    ]
