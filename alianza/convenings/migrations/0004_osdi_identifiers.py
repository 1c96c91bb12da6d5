"""Identifiers and modified dates for the API: events and registrations.

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
        ("convenings", "0003_reminder_emailed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="registration",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="registration",
            name="modified_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(functools.partial(uuids_fill, app_label="convenings",
                                            models=["Event", "Registration"]), migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="event",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="registration",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="registration",
            name="modified_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]
