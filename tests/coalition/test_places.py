"""Counties are California's 58 with their CDE codes; districts come from the CDE list;
what people type is matched to them, or kept and reported."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from alianza.coalition import places
from alianza.coalition.models import ContactImport, Organization, Person
from alianza.coalition.services.people import organization_get_or_create, person_get_or_create
from alianza.core.models import OutboundEmail


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_there_are_58_counties_coded_01_alameda_to_58_yuba():
    codes = [code for code, _name in places.COUNTIES]
    assert codes == [f"{n:02d}" for n in range(1, 59)]
    assert places.county_name("01") == "Alameda"
    assert places.county_name("19") == "Los Angeles"
    assert places.county_name("58") == "Yuba"


def test_every_district_lies_in_one_of_the_58_counties():
    districts = places.districts()
    assert len(districts) > 1000
    for district in districts.values():
        assert district.county_code in places.COUNTY_NAMES
        assert district.code.startswith(district.county_code) and len(district.code) == 7
    assert places.district_name("1964733") == "Los Angeles Unified"


@pytest.mark.parametrize("text", [
    "Los Angeles", "Los Ángeles", "los angeles", "LOS ANGELES COUNTY", "Los Angeles Co.",
    "County of Los Angeles", "Condado de Los Ángeles", " los   ángeles ", "19", "LA",
    "L.A. County",
])
def test_ways_of_writing_a_county_find_its_code(text):
    assert places.county_match(text) == "19"


@pytest.mark.parametrize("text", ["", "Washoe", "Los Angles", "SB", "99", "Orange County, FL"])
def test_text_that_is_not_one_of_the_58_matches_nothing(text):
    assert places.county_match(text) is None


def test_county_text_is_kept_as_written_only_when_it_matched_nothing():
    assert places.county_split("San Luis Obispo County") == ("40", "")
    assert places.county_split("  Washoe ") == ("", "Washoe")


@pytest.mark.parametrize("text", [
    "Los Angeles Unified", "Los Angeles Unified School District", "los angeles usd",
    "1964733", "19647330000000", "19-64733",
])
def test_ways_of_writing_a_district_find_its_cde_code(text):
    assert places.district_match(text).code == "1964733"


def test_a_district_name_shared_by_several_counties_needs_the_county():
    match = places.district_match("Jefferson Elementary School District")
    assert match.ambiguous and not match.code
    assert places.district_match("Jefferson Elementary", county_code="39").code == "3968544"


@pytest.mark.django_db
def test_people_and_organizations_store_the_county_code_not_the_text():
    person, _ = person_get_or_create(email="ana@example.org", name="Ana",
                                     preferred_language="es", county="Los Ángeles County")
    organization, _ = organization_get_or_create(name="Padres Unidos", county="los angeles")
    person.refresh_from_db()
    organization.refresh_from_db()
    assert (person.county_code, person.county) == ("19", "")
    assert (organization.county_code, organization.county, organization.county_label) == (
        "19", "", "Los Angeles")
    other, _ = person_get_or_create(email="x@example.org", name="X", preferred_language="en",
                                    county="Washoe")
    assert (other.county_code, other.county, other.county_label) == ("", "Washoe", "Washoe")


@pytest.mark.django_db
def test_the_join_form_offers_the_58_counties_with_the_same_names_in_both_languages(client):
    for language in ("en", "es"):
        with translation.override(language):
            page = client.get(reverse("coalition-join")).content.decode()
        assert '<select name="county"' in page
        assert '<option value="19">Los Angeles</option>' in page
        assert '<option value="58">Yuba</option>' in page


@pytest.mark.django_db(transaction=True)
def test_a_county_chosen_on_the_join_form_is_stored_as_its_code(client, statement):
    response = client.post(reverse("coalition-join"), {
        "actions": ["sign_individual"], "name": "Rosa", "email": "rosa@example.org",
        "county": "19",
    })
    assert response.status_code == 302
    # Nothing is stored about Rosa until she confirms through the emailed link.
    assert not Person.objects.filter(email="rosa@example.org").exists()
    outbound = OutboundEmail.objects.filter(to="rosa@example.org").order_by("pk").last()
    link = re.search(r"https?://[^/]+(/\S+/confirm/\S+/)", outbound.body_text).group(1)
    assert client.post(link).status_code == 302
    assert Person.objects.get(email="rosa@example.org").county_code == "19"


@pytest.mark.django_db
def test_a_county_that_is_not_on_the_list_is_refused_with_a_message(client, statement):
    with translation.override("es"):
        response = client.post(reverse("coalition-join"), {
            "actions": ["sign_individual"], "name": "Rosa", "email": "rosa@example.org",
            "county": "Los Angeles <script>",
        })
    assert response.status_code == 400
    assert "Escoja una opción válida" in response.content.decode()
    assert not Person.objects.exists()


# Imports --------------------------------------------------------------------------------


def upload_and_check(client, rows, kind="people") -> ContactImport:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    client.post(reverse("coalition-imports"),
                {"kind": kind, "file": SimpleUploadedFile("c.csv", text.getvalue().encode())})
    contact_import = ContactImport.objects.latest("pk")
    data = {"action": "check", **{k: str(v) for k, v in contact_import.mapping.items()}}
    client.post(reverse("coalition-import-detail", args=[contact_import.pk]), data)
    contact_import.refresh_from_db()
    return contact_import


@pytest.mark.django_db(transaction=True)
def test_county_variants_in_an_import_become_one_county(staff_client):
    spellings = ["Los Angeles"] * 98 + ["Los Ángeles", "LOS ANGELES COUNTY"]
    rows = [["Name", "Email", "County"]] + [
        [f"Person {i}", f"p{i}@example.org", county] for i, county in enumerate(spellings)]
    contact_import = upload_and_check(staff_client, rows)
    assert contact_import.errors == []
    staff_client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                      {"action": "import"})

    assert Person.objects.count() == 100
    assert set(Person.objects.values_list("county_code", "county")) == {("19", "")}


@pytest.mark.django_db(transaction=True)
def test_the_dry_run_reports_unknown_counties_and_districts_per_row_but_keeps_the_rows(
    staff_client
):
    rows = [
        ["Name", "Email", "County", "School district"],
        ["Ana", "ana@example.org", "Washoe", ""],
        ["Bea", "bea@example.org", "", "Jefferson Elementary"],
        ["Cruz", "cruz@example.org", "San Joaquin", "Jefferson Elementary"],
        ["Dora", "dora@example.org", "", "Springfield Unified"],
        ["Eva", "eva@example.org", "", "Los Angeles USD"],
    ]
    contact_import = upload_and_check(staff_client, rows)

    problems = {(e["row"], e["code"]) for e in contact_import.errors}
    assert problems == {(2, "unknown_county"), (3, "ambiguous_district"),
                        (5, "unknown_district")}
    assert contact_import.preview["created"] == 5 and contact_import.preview["skipped"] == 0
    with translation.override("es"):
        page = staff_client.get(reverse("coalition-import-detail",
                                        args=[contact_import.pk])).content.decode()
    assert "«Washoe» no es uno de los 58 condados de California" in page
    assert "Importada con una nota" in page

    staff_client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                      {"action": "import"})
    found = {p.email: (p.county_code, p.county, p.district_code) for p in Person.objects.all()}
    assert found == {
        "ana@example.org": ("", "Washoe", ""),
        "bea@example.org": ("", "", ""),
        "cruz@example.org": ("39", "", "3968544"),
        "dora@example.org": ("", "", ""),
        "eva@example.org": ("19", "", "1964733"),  # the district gives the county
    }


@pytest.mark.django_db(transaction=True)
def test_an_organization_import_matches_district_and_county_columns(staff_client):
    rows = [["Organization", "County", "District"],
            ["Oakland Unified", "Alameda Co.", "Oakland Unified School District"]]
    contact_import = upload_and_check(staff_client, rows, kind="organizations")
    staff_client.post(reverse("coalition-import-detail", args=[contact_import.pk]),
                      {"action": "import"})

    organization = Organization.objects.get()
    assert (organization.county_code, organization.district_code) == ("01", "0161259")
    assert organization.district_name == "Oakland Unified"


# Existing data ---------------------------------------------------------------------------


@pytest.fixture
def before_keys():
    """The database as it was before counties and name keys; migrated forward again after."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("coalition")
    executor.migrate([("coalition", "0009_places_and_name_keys")])
    executor.loader.build_graph()
    try:
        yield executor
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_the_migration_codes_existing_counties_and_keys_same_named_organizations(
    before_keys, capsys
):
    old = before_keys.loader.project_state(("coalition", "0009_places_and_name_keys")).apps
    OldOrganization = old.get_model("coalition", "Organization")
    OldPerson = old.get_model("coalition", "Person")
    # Two spellings of one name that the old key (lower case only) told apart, and
    # free-text counties.
    first = OldOrganization.objects.create(name="Los Ángeles Parents",
                                           normalized_name="los ángeles parents",
                                           county="Los Ángeles")
    second = OldOrganization.objects.create(name="los angeles parents",
                                            normalized_name="los angeles parents",
                                            county="Washoe")
    OldPerson.objects.create(name="Ana", email="ana@example.org", county="los angeles county")

    before_keys.migrate([("coalition", "0011_organization_name_key_unique")])
    # Read through the models as that migration left them (later migrations add columns),
    # then bring the schema up to date for the check that uses today's save().
    keyed = before_keys.loader.project_state(
        ("coalition", "0011_organization_name_key_unique")).apps
    KeyedOrganization = keyed.get_model("coalition", "Organization")
    first, second = (KeyedOrganization.objects.get(pk=first.pk),
                     KeyedOrganization.objects.get(pk=second.pk))
    person = keyed.get_model("coalition", "Person").objects.get()
    assert first.normalized_name == "los angeles parents"
    assert second.normalized_name == f"los angeles parents ~{second.pk}"
    assert first.match_key == second.match_key  # offered to staff as duplicates
    assert (first.county_code, first.county) == ("19", "")
    assert (second.county_code, second.county) == ("", "Washoe")
    assert (person.county_code, person.county) == ("19", "")
    assert "1 organizations share a name" in capsys.readouterr().out
    # The suffixed record keeps its key when saved for other reasons.
    before_keys.loader.build_graph()
    before_keys.migrate(before_keys.loader.graph.leaf_nodes("coalition"))
    second = Organization.objects.get(pk=second.pk)
    second.membership_status = Organization.Membership.MEMBER
    second.save()
    second.refresh_from_db()
    assert second.normalized_name == f"los angeles parents ~{second.pk}"


@pytest.mark.django_db
def test_unmatched_county_text_is_listed_for_staff():
    person_get_or_create(email="a@example.org", name="A", preferred_language="en",
                         county="Washoe")
    out = io.StringIO()
    call_command("places_unmatched", stdout=out)
    assert "Washoe" in out.getvalue()


@pytest.mark.django_db
def test_segments_offer_each_county_once_and_filter_by_its_code():
    from alianza.coalition.selectors import in_counties
    from alianza.outreach.selectors_staff import county_choices

    for index, county in enumerate(["Los Angeles", "Los Ángeles", "los angeles county",
                                    "Fresno", "Washoe"]):
        person_get_or_create(email=f"p{index}@example.org", name=f"P{index}",
                             preferred_language="en", county=county)

    assert county_choices() == [("10", "Fresno"), ("19", "Los Angeles"), ("Washoe", "Washoe")]
    in_la = Person.objects.filter(in_counties(["19"]))
    assert sorted(in_la.values_list("email", flat=True)) == [
        "p0@example.org", "p1@example.org", "p2@example.org"]
    # A segment saved before counties were coded holds names; they still work.
    assert Person.objects.filter(in_counties(["Los Ángeles", "Washoe"])).count() == 4


def test_the_district_list_is_rebuilt_from_a_cde_entities_file(tmp_path):
    entities = tmp_path / "sb_ca2026entities_csv.txt"
    entities.write_bytes(
        "County Code^District Code^School Code^Type ID^Filler^Test Year^County Name^"
        "District Name^School Name^Zip Code\r\n"
        "19^00000^0000000^5^^2026^Los Angeles^^^\r\n"
        "19^64733^0000000^6^^2026^Los Angeles^Los Angeles Unified^^\r\n"
        "19^64733^1234567^7^^2026^Los Angeles^Los Angeles Unified^Escuela^90001\r\n"
        "54^71993^0000000^6^^2026^Tulare^Peñasco Elementary^^\r\n".encode("latin-1"))
    output = tmp_path / "districts.csv"

    call_command("places_districts_refresh", str(entities), output=output, stdout=io.StringIO())

    assert output.read_text(encoding="utf-8").splitlines() == [
        "cds_code,county_code,name", "1964733,19,Los Angeles Unified",
        "5471993,54,Peñasco Elementary"]


def test_a_file_that_is_not_an_entities_file_is_refused_clearly(tmp_path):
    from django.core.management.base import CommandError

    other = tmp_path / "other.txt"
    other.write_text("Name,Email\nAna,ana@example.org\n")
    with pytest.raises(CommandError, match="not a CAASPP entities file"):
        call_command("places_districts_refresh", str(other), output=tmp_path / "out.csv")
