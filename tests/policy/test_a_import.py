"""Importing the real Open States people files: counts, idempotence, history, refusals."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from alianza.policy.importers.people import PeopleImportError, people_import
from alianza.policy.models import (
    Committee,
    CommitteeMembership,
    District,
    Legislator,
    LegislatorRole,
    Office,
    OfficeContact,
)
from tests.policy.a_data import CURRENT, DIVISIONS, SESSION_2023, import_both

pytestmark = pytest.mark.django_db

LIMON = "ocd-person/e924a3ec-c7c0-4094-8504-7611bcf8979f"
WAHAB = "ocd-person/295965df-6c71-4e11-806f-2b7d5be5d45c"
RENDON = "ocd-person/27c957dd-86a1-4bbe-9007-f4ebf931a795"


def _counts() -> tuple[int, ...]:
    return (Legislator.objects.count(), LegislatorRole.objects.count(),
            Office.objects.count(), Committee.objects.count(),
            CommitteeMembership.objects.count(), District.objects.count())


def test_the_current_files_give_120_legislators_in_the_120_districts():
    report = people_import(folder=CURRENT, divisions=DIVISIONS)

    assert report.legislators_created == Legislator.objects.count() == 120
    assert District.objects.filter(chamber="lower").count() == 80
    assert District.objects.filter(chamber="upper").count() == 40
    wahab = Legislator.objects.get(openstates_id=WAHAB)
    role = wahab.roles.get(end_date=None)
    assert role.chamber == "upper"
    assert role.district.division_id == "ocd-division/country:us/state:ca/sldu:10"
    assert role.start_date == datetime.date(2022, 12, 5)
    assert wahab.party == "Democratic"
    assert wahab.email == "senator.wahab@senate.ca.gov"
    assert wahab.image_url.startswith("https://www.senate.ca.gov/")
    assert "A. Wahab" in wahab.other_names
    assert {"url": "https://sd10.senate.ca.gov/", "note": ""} in wahab.links
    capitol = wahab.offices.get(kind=Office.Kind.CAPITOL)
    assert capitol.address == "1021 O St. Suite 8530, Sacramento, CA 95814"
    assert capitol.phone == "916-651-4410"
    assert wahab.source.endswith("Aisha-Wahab-295965df-6c71-4e11-806f-2b7d5be5d45c.yml")
    assert wahab.imported_at is not None


def test_the_2023_24_files_give_119_legislators_and_12_committees_with_their_members():
    report = people_import(folder=SESSION_2023, divisions=DIVISIONS)

    assert report.legislators_created == 119
    assert report.committees_created == Committee.objects.count() == 12
    education = Committee.objects.get(name="Education", chamber="lower")
    chair = education.members.get(role="chair")
    assert chair.name == "Al Muratsuchi"
    assert chair.legislator.openstates_id == "ocd-person/78610d0e-c790-4fc9-ab8e-0887adbbe063"
    assert not CommitteeMembership.objects.filter(legislator=None).exists()
    assert Committee.objects.get(chamber="legislature").name == "Legislative Budget"


def test_importing_again_changes_nothing():
    import_both()
    before = _counts()

    report = people_import(folder=CURRENT, divisions=DIVISIONS)

    assert _counts() == before
    assert report.legislators_unchanged == 120
    assert report.legislators_created == report.legislators_updated == 0
    assert report.roles_added == report.roles_updated == 0


def test_a_legislator_of_both_sessions_keeps_every_role_and_one_who_left_stays():
    import_both()

    assert Legislator.objects.count() == 152  # 119 then, 120 now, 87 in both
    limon = Legislator.objects.get(openstates_id=LIMON)
    seats = {(r.chamber, r.district.number, r.end_date) for r in limon.roles.all()}
    assert ("upper", 21, None) in seats
    assert ("upper", 19, datetime.date(2024, 12, 1)) in seats
    assert ("lower", 37, datetime.date(2020, 12, 7)) in seats
    rendon = Legislator.objects.get(openstates_id=RENDON)
    assert rendon.roles.filter(chamber="lower").exists()
    assert "ca-2023-2024" in rendon.source
    # Contact details are the newest file's.
    wahab = Legislator.objects.get(openstates_id=WAHAB)
    assert "ca-current" in wahab.source
    assert wahab.offices.get(kind="capitol").address.startswith("1021 O St. Suite 8530")


def test_an_older_file_read_last_does_not_reopen_an_ended_role():
    people_import(folder=CURRENT, divisions=DIVISIONS)
    people_import(folder=SESSION_2023, divisions=DIVISIONS)

    limon = Legislator.objects.get(openstates_id=LIMON)
    assert limon.roles.get(district__number=19).end_date == datetime.date(2024, 12, 1)
    assert limon.roles.filter(district__number=19).count() == 1


def test_what_staff_added_to_an_office_survives_a_new_import():
    people_import(folder=SESSION_2023, divisions=DIVISIONS)
    wahab = Legislator.objects.get(openstates_id=WAHAB)
    capitol = wahab.offices.get(kind="capitol")
    capitol.letter_language = "es"
    capitol.save()
    OfficeContact.objects.create(legislator=wahab, office=capitol, name="Pat Rivera",
                                 role="Scheduler")

    people_import(folder=CURRENT, divisions=DIVISIONS)

    capitol.refresh_from_db()  # the same row, at its new suite
    assert capitol.address.startswith("1021 O St. Suite 8530")
    assert capitol.letter_language == "es"
    assert OfficeContact.objects.get(name="Pat Rivera").office == capitol


def _folder_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "legislature"
    shutil.copytree(CURRENT / "legislature", folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


TEXAN = """id: ocd-person/00000000-0000-0000-0000-000000000001
name: Pat Example
roles:
- start_date: 2023-01-10
  type: lower
  jurisdiction: ocd-jurisdiction/country:us/state:tx/government
  district: '12'
"""


@pytest.mark.parametrize(("name", "text", "says"), [
    ("Pat-Example.yml", TEXAN, "another jurisdiction"),
    ("Broken.yml", "id: ocd-person/1\nname: [unclosed\n", "not valid YAML"),
    ("Committee.yml", "id: ocd-organization/1\nname: Education\nchamber: lower\n",
     "not an Open States person file"),
    ("Nowhere.yml", TEXAN.replace("state:tx", "state:ca").replace("'12'", "'99'"),
     "district that does not exist"),
])
def test_a_bad_file_refuses_the_whole_import_and_changes_nothing(tmp_path, name, text, says):
    people_import(folder=SESSION_2023, divisions=DIVISIONS)
    before = _counts()
    sources = dict(Legislator.objects.values_list("pk", "source"))

    with pytest.raises(PeopleImportError) as refused:
        people_import(folder=_folder_with(tmp_path, name, text), divisions=DIVISIONS)

    assert any(name in problem and says in problem for problem in refused.value.problems)
    assert _counts() == before
    assert dict(Legislator.objects.values_list("pk", "source")) == sources


def test_the_command_says_why_in_the_users_language_and_imports_nothing(tmp_path):
    folder = _folder_with(tmp_path, "Pat-Example.yml", TEXAN)

    with translation.override("es"), pytest.raises(CommandError) as refused:
        call_command("policy_import_people", str(folder), "--divisions", str(DIVISIONS))

    assert "No se importó nada" in str(refused.value)
    assert "otra jurisdicción" in str(refused.value)
    assert Legislator.objects.count() == 0


def test_the_command_imports_a_snapshot_with_its_committees(capsys):
    call_command("policy_import_people", str(SESSION_2023), "--divisions", str(DIVISIONS))

    assert "119 new" in capsys.readouterr().out
    assert Committee.objects.count() == 12
