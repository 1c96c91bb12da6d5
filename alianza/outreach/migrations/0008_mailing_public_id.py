"""A public identifier and modification time for mailings (the API's messages)."""

import functools
import uuid

import django.utils.timezone
from django.db import migrations, models

from alianza.core.db_defaults import uuids_fill


class Migration(migrations.Migration):

    dependencies = [
        ("outreach", "0007_api_identity_and_taggings"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailing", name="uuid", field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mailing", name="modified_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(functools.partial(uuids_fill, app_label="outreach",
                                            models=["Mailing"]), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="mailing", name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="mailing", name="modified_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]
