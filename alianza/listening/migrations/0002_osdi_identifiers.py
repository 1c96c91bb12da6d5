"""Identifiers and modified dates for the API: surveys and their questions.

Existing rows each get their own uuid (a column default would give them all the same one),
then the column becomes unique with a default for new rows.
"""

import functools
import uuid

import django.utils.timezone
from django.db import migrations, models

from alianza.core.db_defaults import uuids_fill


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
        migrations.RunPython(functools.partial(uuids_fill, app_label="listening",
                                            models=["Survey", "Question"]), migrations.RunPython.noop, elidable=True),
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
