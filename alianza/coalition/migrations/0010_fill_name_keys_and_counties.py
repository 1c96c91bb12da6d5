"""Fill the organization name keys and county codes of existing rows.

Organizations whose names already share a key (e.g. "Los Ángeles Parents" and "los angeles
parents") are not merged here: which record survives, and what happens to two signatures
of one statement, is a staff decision. The oldest keeps the plain key; each later one gets
the key with a " ~<id>" suffix, so the unique constraint of the next migration holds, and
they share a match key, so the staff duplicates page lists them for merging.

County text that names one of the 58 counties (any case, accents, "County", "Co.") becomes
its code; other text is kept as written and counted here; ``manage.py places_unmatched``
lists it.
"""

from django.db import migrations

BATCH = 1000


def forwards(apps, schema_editor):
    from alianza.coalition.models.base import organization_match_key, organization_name_key
    from alianza.coalition.places import county_split

    Organization = apps.get_model("coalition", "Organization")
    Person = apps.get_model("coalition", "Person")
    seen: set[str] = set()
    suffixed = 0
    batch = []
    for organization in Organization.objects.order_by("pk").iterator(chunk_size=BATCH):
        key = organization_name_key(organization.name)
        if key in seen:
            key = f"{key[:185]} ~{organization.pk}"
            suffixed += 1
        seen.add(key)
        organization.normalized_name = key
        organization.match_key = organization_match_key(organization.name)
        organization.county_code, organization.county = county_split(organization.county)
        batch.append(organization)
        if len(batch) >= BATCH:
            Organization.objects.bulk_update(
                batch, ["normalized_name", "match_key", "county_code", "county"])
            batch = []
    Organization.objects.bulk_update(batch, ["normalized_name", "match_key", "county_code",
                                             "county"])
    batch = []
    for person in Person.objects.exclude(county="").order_by("pk").iterator(chunk_size=BATCH):
        person.county_code, person.county = county_split(person.county)
        batch.append(person)
        if len(batch) >= BATCH:
            Person.objects.bulk_update(batch, ["county_code", "county"])
            batch = []
    Person.objects.bulk_update(batch, ["county_code", "county"])
    unmatched = (Person.objects.exclude(county="").count(),
                 Organization.objects.exclude(county="").count())
    if suffixed or any(unmatched):
        print(f"\n  {suffixed} organizations share a name with an older one (see the staff "
              f"duplicates page); {unmatched[0]} people and {unmatched[1]} organizations keep "
              "a county that is not one of the 58 (manage.py places_unmatched).")


def backwards(apps, schema_editor):
    from alianza.coalition.places import county_name

    for model in ("Organization", "Person"):
        Model = apps.get_model("coalition", model)
        for code in Model.objects.exclude(county_code="").values_list(
                "county_code", flat=True).distinct():
            Model.objects.filter(county_code=code, county="").update(county=county_name(code))


class Migration(migrations.Migration):
    dependencies = [("coalition", "0009_places_and_name_keys")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
