"""The staff people list: a folded search key on each person, and the indexes its sorting
and searching use. On PostgreSQL, a trigram index lets "contains" searches skip the scan of
every person (the extension ships with PostgreSQL's contrib package, like ``unaccent``)."""

from django.db import migrations, models

BATCH = 2000


def fill_search_keys(apps, schema_editor):
    from alianza.coalition.models.base import person_search_key

    Person = apps.get_model("coalition", "Person")
    batch = []
    for person in Person.objects.order_by("pk").only("pk", "name", "email").iterator(
            chunk_size=BATCH):
        person.search_key = person_search_key(person.name, person.email)
        batch.append(person)
        if len(batch) >= BATCH:
            Person.objects.bulk_update(batch, ["search_key"])
            batch = []
    Person.objects.bulk_update(batch, ["search_key"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_trgm ON coalition_person "
        "USING gin (search_key gin_trgm_ops)")


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('coalition', '0015_public_face'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='search_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=460),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['name', 'id'], name='person_name_id'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['county_code', 'name', 'id'], name='person_county_name_id'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['-created_at', '-id'], name='person_newest'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['preferred_language'], name='person_language'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(condition=models.Q(('county', ''), _negated=True),
                               fields=['county'], name='person_county_text'),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, trigram_index_drop),
    ]
