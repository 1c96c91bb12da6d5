"""The public legislator pages, in English and Spanish, on the real Open States files."""

from __future__ import annotations

import datetime

import pytest

from alianza.policy.models import (
    Bill,
    Committee,
    District,
    LegislativeSession,
    Legislator,
    Sponsorship,
)
from tests.policy.a_data import import_both

LIMON = "ocd-person/e924a3ec-c7c0-4094-8504-7611bcf8979f"
WAHAB = "ocd-person/295965df-6c71-4e11-806f-2b7d5be5d45c"
RENDON = "ocd-person/27c957dd-86a1-4bbe-9007-f4ebf931a795"
MURATSUCHI = "ocd-person/78610d0e-c790-4fc9-ab8e-0887adbbe063"


@pytest.fixture(scope="module")
def legislature(django_db_setup, django_db_blocker):
    """Both snapshots, imported once for the module (it takes a few seconds) and removed
    afterwards so other modules start empty."""
    with django_db_blocker.unblock():
        import_both()
        yield
        Legislator.objects.all().delete()
        Committee.objects.all().delete()
        District.objects.all().delete()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("legislature")]


def _pk(openstates_id: str) -> int:
    return Legislator.objects.get(openstates_id=openstates_id).pk


def test_the_list_shows_the_120_current_members_not_those_who_left(client):
    page = client.get("/en/policy/legislators/").content.decode()

    assert "120 members" in page
    assert "Aisha Wahab" in page
    assert "Anthony Rendon" not in page  # in the 2023-24 files only
    assert 'href="tel:916-651-4410"' in page


def test_the_list_reads_in_spanish(client):
    page = client.get("/es/policy/legislators/").content.decode()

    assert "120 miembros" in page
    assert "Distrito 10 del Senado" in page
    assert "Buscar a quienes me representan" in page


def test_the_chamber_filter_and_the_search_by_name_or_district(client):
    assembly = client.get("/en/policy/legislators/", {"chamber": "lower"}).content.decode()
    by_name = client.get("/en/policy/legislators/", {"q": "wahab"}).content.decode()
    by_number = client.get("/en/policy/legislators/", {"q": "10"}).content.decode()

    assert "80 members" in assembly
    assert "1 member" in by_name and "Aisha Wahab" in by_name
    assert "2 members" in by_number
    assert "Assembly District 10" in by_number and "Senate District 10" in by_number


def test_find_my_legislators_gives_my_assembly_member_and_senator(client):
    page = client.get("/en/policy/legislators/",
                      {"find": "1", "assembly": "66", "senate": "10"}).content.decode()

    mine = page.split("Your legislators")[1].split("All current members")[0]
    assert "Al Muratsuchi" in mine and "Aisha Wahab" in mine
    assert mine.count('class="member"') == 2


def test_a_district_that_does_not_exist_is_explained_in_spanish(client):
    page = client.get("/es/policy/legislators/",
                      {"find": "1", "assembly": "99"}).content.decode()

    assert "Los distritos de la Asamblea van del 1 al 80." in page
    assert "Quienes le representan" not in page


def test_a_members_page_shows_district_offices_committees_and_no_remote_photo(client):
    page = client.get(f"/en/policy/legislators/{_pk(MURATSUCHI)}/").content.decode()

    assert "Assembly District 66" in page
    assert "ocd-division/country:us/state:ca/sldl:66" in page
    assert "Capitol office" in page and 'href="tel:' in page
    assert "Education (Assembly) · chair" in page and "Democratic" in page
    assert "<img" not in page  # the photo's site is not allowed by img-src 'self'
    assert 'class="initials large"' in page


def test_a_members_page_names_party_house_and_committee_roles_in_spanish(client):
    page = client.get(f"/es/policy/legislators/{_pk(MURATSUCHI)}/").content.decode()

    assert "Education (Asamblea) · presidencia" in page
    assert "Demócrata" in page and "Democratic" not in page


def test_a_members_page_lists_every_seat_held_with_its_sessions(client):
    LegislativeSession.objects.create(identifier="20232024", name="2023-2024 Regular Session",
                                      start_date=datetime.date(2022, 12, 5),
                                      end_date=datetime.date(2024, 11, 30))

    page = client.get(f"/es/policy/legislators/{_pk(LIMON)}/").content.decode()

    assert "Distrito 21 del Senado" in page
    assert "Distrito 19 del Senado" in page
    assert "Distrito 37 de la Asamblea" in page
    assert "Sesiones: 2023-2024 Regular Session" in page


def test_someone_no_longer_in_office_says_so(client):
    page = client.get(f"/en/policy/legislators/{_pk(RENDON)}/").content.decode()

    assert "Not in office now" in page
    assert "Assembly District 62" in page


def test_bills_a_member_authored_are_listed(client):
    session = LegislativeSession.objects.create(identifier="20232024", name="2023-2024")
    bill = Bill.objects.create(session=session, identifier="AB 1947",
                               title="Summary to be written by staff")
    Sponsorship.objects.create(bill=bill, name="Al Muratsuchi",
                               legislator_id=_pk(MURATSUCHI), primary=True)

    page = client.get(f"/en/policy/legislators/{_pk(MURATSUCHI)}/").content.decode()

    assert "Bills authored" in page and "AB 1947" in page


def test_an_unknown_member_is_not_found(client):
    assert client.get("/en/policy/legislators/999999/").status_code == 404


def test_visitors_see_no_link_to_the_staff_pages(client):
    page = client.get(f"/en/policy/legislators/{_pk(WAHAB)}/").content.decode()

    assert "/policy/staff/" not in page
