"""Workgroup rosters: leads see their own, staff see all, nobody else sees any."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from alianza.coalition.models import Organization, Person, Workgroup
from alianza.core.csv_export import FORMULA_TRIGGERS, csv_cell

pytestmark = pytest.mark.django_db


def roster_url(workgroup: Workgroup) -> str:
    return reverse("coalition-workgroup-roster", args=[workgroup.slug])


def csv_url(workgroup: Workgroup) -> str:
    return reverse("coalition-workgroup-roster-csv", args=[workgroup.slug])


def join(workgroup: Workgroup, name: str, email: str, *, language: str = "en",
         organization: str = "", note: str = "") -> None:
    person = Person.objects.create(name=name, email=email, preferred_language=language)
    org = Organization.objects.create(name=organization) if organization else None
    workgroup.memberships.create(person=person, organization=org, note=note, language=language,
                                 status="confirmed")


@pytest.fixture
def rosters(workgroup, other_workgroup) -> tuple[Workgroup, Workgroup]:
    join(workgroup, "María López", "maria@example.org", language="es-MX",
         organization="Familias Unidas", note="Presupuesto estatal")
    join(workgroup, "Ben Carter", "ben@example.org")
    join(other_workgroup, "Olga Secret", "olga@example.org")
    return workgroup, other_workgroup


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


# Access -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, rosters):
    workgroup, _other = rosters
    for url in [roster_url(workgroup), csv_url(workgroup), reverse("coalition-my-workgroups")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_member_contacts_cannot_see_any_roster(member_client, rosters):
    for workgroup in rosters:
        assert member_client.get(roster_url(workgroup)).status_code == 403
        assert member_client.get(csv_url(workgroup)).status_code == 403
    mine = member_client.get(reverse("coalition-my-workgroups")).content.decode()
    assert "You do not lead any workgroup." in mine


def test_a_lead_sees_the_roster_of_their_workgroup(lead_client, rosters):
    workgroup, _other = rosters

    response = lead_client.get(roster_url(workgroup))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Policy Workgroup" in page
    assert "María López" in page and "maria@example.org" in page and "Presupuesto estatal" in page
    assert "Olga Secret" not in page
    assert lead_client.get(csv_url(workgroup)).status_code == 200


def test_a_lead_cannot_see_another_workgroups_roster(lead_client, rosters):
    _workgroup, other = rosters

    page = lead_client.get(roster_url(other))
    export = lead_client.get(csv_url(other))

    assert page.status_code == 403 and export.status_code == 403
    assert "Olga Secret" not in page.content.decode()
    assert "olga@example.org" not in export.content.decode()


def test_a_leads_list_shows_only_the_workgroups_they_lead(lead_client, rosters):
    workgroup, other = rosters

    page = lead_client.get(reverse("coalition-my-workgroups")).content.decode()

    assert roster_url(workgroup) in page
    assert roster_url(other) not in page


def test_staff_see_every_roster(staff_client, rosters):
    for workgroup in rosters:
        assert staff_client.get(roster_url(workgroup)).status_code == 200
        assert staff_client.get(csv_url(workgroup)).status_code == 200
    page = staff_client.get(reverse("coalition-my-workgroups")).content.decode()
    assert all(roster_url(workgroup) in page for workgroup in rosters)


def test_staff_without_the_permission_see_no_roster(client, django_user_model, rosters):
    clerk = django_user_model.objects.create_user("clerk", "c@example.org", "x", is_staff=True)
    client.force_login(clerk)

    assert client.get(roster_url(rosters[0])).status_code == 403
    assert client.get(csv_url(rosters[0])).status_code == 403


def test_an_unknown_workgroup_is_not_found(staff_client, rosters):
    assert staff_client.get(reverse("coalition-workgroup-roster", args=["nope"])).status_code == 404


def test_rosters_are_not_cached(lead_client, rosters):
    response = lead_client.get(roster_url(rosters[0]))

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# The CSV ------------------------------------------------------------------------------


def test_the_csv_lists_everyone_in_the_workgroup_by_name(lead_client, rosters):
    workgroup, _other = rosters

    response = lead_client.get(csv_url(workgroup))

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="policy-roster-')
    header, *rows = read_csv(response)
    assert header == ["Name", "Email", "Organization", "Preferred language", "Joined at",
                      "What you would like to work on"]
    assert [row[:4] for row in rows] == [
        ["Ben Carter", "ben@example.org", "", "en"],
        ["María López", "maria@example.org", "Familias Unidas", "es-MX"],
    ]
    assert rows[1][5] == "Presupuesto estatal"
    assert rows[1][4][:4].isdigit() and "T" in rows[1][4]  # ISO 8601 time


def test_the_csv_defuses_spreadsheet_formulas(lead_client, workgroup):
    join(workgroup, '=HYPERLINK("http://evil.example","Click")', "eve@example.org",
         organization="+SUM(A1:A9)", note="@cmd|' /C calc'!A0")
    join(workgroup, "-2+3", "minus@example.org", note="  =1+1")
    join(workgroup, "Zoë Normal", "zoe@example.org", note="Tabs\tinside are fine")

    _header, *rows = read_csv(lead_client.get(csv_url(workgroup)))

    by_email = {row[1]: row for row in rows}
    assert by_email["eve@example.org"][0] == '\'=HYPERLINK("http://evil.example","Click")'
    assert by_email["eve@example.org"][2] == "'+SUM(A1:A9)"
    assert by_email["eve@example.org"][5] == "'@cmd|' /C calc'!A0"
    assert by_email["minus@example.org"][0] == "'-2+3"
    assert by_email["minus@example.org"][5] == "'  =1+1"
    assert by_email["zoe@example.org"][0] == "Zoë Normal"
    assert by_email["zoe@example.org"][5] == "Tabs\tinside are fine"


@given(st.one_of(st.text(), st.text(alphabet=" \t\r\n=+-@a'")))
def test_no_exported_cell_starts_like_a_formula(text):
    cell = csv_cell(text)

    assert not cell.lstrip().startswith(FORMULA_TRIGGERS)
    assert cell in (text, "'" + text)
