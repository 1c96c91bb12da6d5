"""Identifiers and modified dates for the API: surveys and their questions.

Existing rows each get their own uuid (a column default would give them all the same one),
then the column becomes unique with a default for new rows.
"""

import uuid

import django.utils.timezone
from django.db import migrations, models

UUID_MODELS = ['Survey', 'Question']
CHUNK = 1000


def fill_uuids(apps, schema_editor):
    for name in UUID_MODELS:
        model = apps.get_model("listening", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        for start in range(0, len(rows), CHUNK):
            model.objects.bulk_update(rows[start:start + CHUNK], ["uuid"])


class Migration(migrations.Migration):

    dependencies = [
        ("listening", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="question",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="question",
            name="modified_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="survey",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="question",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="question",
            name="modified_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]
