import functools
import uuid

import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
from django.db import migrations, models

import alianza.core.db_defaults

MODELS = ["mailinglist", "tag", "tagging", "subscription"]


def _uuid_null():
    return models.UUIDField(editable=False, null=True)


def _uuid():
    return models.UUIDField(db_default=alianza.core.db_defaults.RandomUuid(),
                            default=uuid.uuid4, editable=False, unique=True)


def _modified():
    return models.DateTimeField(auto_now=True,
                                db_default=django.db.models.functions.datetime.Now(),
                                db_index=True, verbose_name="modified at")


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0019_person_api_identity"),
        ("outreach", "0006_mailing_markdown_images"),
    ]

    operations = [
        # The table Django made for Tag.people becomes the Tagging model, unchanged.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tagging",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("tag", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="taggings", to="outreach.tag")),
                        ("person", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="taggings", to="coalition.person")),
                    ],
                    options={
                        "verbose_name": "tagging",
                        "verbose_name_plural": "taggings",
                        "db_table": "outreach_tag_people",
                        "unique_together": {("tag", "person")},
                    },
                ),
                migrations.AlterField(
                    model_name="tag",
                    name="people",
                    field=models.ManyToManyField(blank=True, related_name="outreach_tags",
                                                 through="outreach.Tagging",
                                                 to="coalition.person"),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="tag",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True,
                                       db_default=django.db.models.functions.datetime.Now(),
                                       verbose_name="created at"),
        ),
        migrations.AddField(
            model_name="tagging",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True,
                                       db_default=django.db.models.functions.datetime.Now(),
                                       verbose_name="tagged at"),
        ),
        *[migrations.AddField(model_name=name, name="uuid", field=_uuid_null())
          for name in MODELS],
        *[migrations.AddField(
            model_name=name, name="modified_at",
            field=models.DateTimeField(default=django.utils.timezone.now, db_index=True,
                                       verbose_name="modified at"),
            preserve_default=False) for name in MODELS],
        migrations.RunPython(
            functools.partial(alianza.core.db_defaults.uuids_fill, app_label="outreach",
                              models=["MailingList", "Tag", "Tagging", "Subscription"]),
            migrations.RunPython.noop,
        ),
        *[migrations.AlterField(model_name=name, name="uuid", field=_uuid()) for name in MODELS],
        *[migrations.AlterField(model_name=name, name="modified_at", field=_modified())
          for name in MODELS],
    ]
