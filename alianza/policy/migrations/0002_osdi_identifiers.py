"""Identifiers and modified dates for the API: action alerts and their submissions.

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
        ("policy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="actioncampaign",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="actionsubmission",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="actionsubmission",
            name="modified_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(functools.partial(uuids_fill, app_label="policy",
                                            models=["ActionCampaign", "ActionSubmission"]), migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="actioncampaign",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="actionsubmission",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="actionsubmission",
            name="modified_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]
