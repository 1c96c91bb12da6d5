# The bill import keeps the feed's ids of sponsors and hearings (Open States person and
# event ids) so it can link a sponsor later and follow a rescheduled hearing.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policy', '0001_legislature_and_bills'),
    ]

    operations = [
        migrations.AddField(
            model_name='sponsorship',
            name='person_id',
            field=models.CharField(blank=True, max_length=80, verbose_name='Open States person id'),
        ),
        migrations.AddField(
            model_name='hearing',
            name='openstates_id',
            field=models.CharField(blank=True, db_index=True, max_length=80, verbose_name='Open States id'),
        ),
        migrations.AddField(
            model_name='hearing',
            name='source',
            field=models.CharField(blank=True, max_length=500, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='hearing',
            name='imported_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='imported at'),
        ),
    ]
