"""A public identifier and modification time for mailings (the API's messages)."""

import uuid

import django.utils.timezone
from django.db import migrations, models

CHUNK = 2000


def fill_uuids(apps, schema_editor) -> None:
    mailing = apps.get_model("outreach", "Mailing")
    pks = list(mailing.objects.filter(uuid__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        rows = [mailing(pk=pk, uuid=uuid.uuid4()) for pk in pks[start:start + CHUNK]]
        mailing.objects.bulk_update(rows, ["uuid"])


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
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="mailing", name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="mailing", name="modified_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]
