import functools
import uuid

import django.db.models.functions.datetime
import django.utils.timezone
from django.db import migrations, models

import alianza.core.db_defaults


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0018_mailing_brand"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="modified_at",
            field=models.DateTimeField(default=django.utils.timezone.now, db_index=True,
                                       verbose_name="modified at"),
            preserve_default=False,
        ),
        migrations.RunPython(
            functools.partial(alianza.core.db_defaults.uuids_fill, app_label="coalition",
                              models=["Person"]),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="person",
            name="uuid",
            field=models.UUIDField(db_default=alianza.core.db_defaults.RandomUuid(),
                                   default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="person",
            name="modified_at",
            field=models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(),
                                       db_index=True, verbose_name="modified at"),
        ),
    ]
