"""Bulk actions on the people list: tag, add to a list (consent only), download."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from alianza.coalition.models import Consent, Organization, Person, PersonEmail
from alianza.core.roles import COALITION_STAFF
from alianza.outreach.models import MailingList, Subscription, Tag

pytestmark = pytest.mark.django_db

ACTION = reverse("coalition-people-action")


def grant(person: Person, *, granted: bool = True, scope: str = "updates") -> None:
    Consent.objects.create(person=person, kind="email", scope=scope, granted=granted,
                           wording="Send me updates", language="en", source="test")


@pytest.fixture
def people(db) -> dict[str, Person]:
    return {key: Person.objects.create(name=name, email=f"{key}@example.org",
                                       preferred_language=language)
            for key, name, language in [("ana", "Ana Gómez", "es"), ("bea", "Bea Smith", "en"),
                                        ("cruz", "Cruz Díaz", "es")]}


def test_tagging_the_ticked_people_creates_the_tag(staff_client, people):
    response = staff_client.post(ACTION, {
        "action": "tag", "scope": "selected", "tag-tag": "Volunteers 2026",
        "person": [people["ana"].pk, people["bea"].pk], "people_query": "language=es"})

    assert response.status_code == 302
    assert response["Location"].endswith("/staff/people/?language=es")
    tag = Tag.objects.get(slug="volunteers-2026")
    # Bea is not among the people the list's filters select: ticking cannot reach past them.
    assert list(tag.people.all()) == [people["ana"]]
    assert "1 person newly tagged “Volunteers 2026” (of 1 chosen)." in staff_client.get(
        response["Location"]).content.decode()


def test_tagging_everyone_matching_reuses_an_existing_tag(staff_client, people):
    tag = Tag.objects.create(slug="volunteers", name="Volunteers")
    tag.people.add(people["ana"])

    staff_client.post(ACTION, {"action": "tag", "scope": "all", "tag-tag": "volunteers",
                               "people_query": "language=es"})

    assert set(tag.people.all()) == {people["ana"], people["cruz"]}
    assert Tag.objects.count() == 1


def test_adding_to_a_list_takes_only_people_with_email_consent(staff_client, people):
    updates = MailingList.objects.create(slug="updates")
    grant(people["ana"])
    grant(people["bea"])
    grant(people["bea"], granted=False, scope="all")  # unsubscribed from everything since

    response = staff_client.post(ACTION, {"action": "list", "scope": "all",
                                          "list-mailing_list": "updates", "people_query": ""},
                                 follow=True)

    subscriptions = Subscription.objects.filter(mailing_list=updates)
    assert [s.person for s in subscriptions] == [people["ana"]]
    assert subscriptions[0].status == Subscription.Status.CONFIRMED
    assert subscriptions[0].source == "staff-people-list"
    body = response.content.decode()
    assert "1 person added to “updates”." in body
    assert "2 were not added:" in body
    assert "1 — no consent to email updates on record" in body
    assert "1 — unsubscribed from email" in body
    assert not Consent.objects.filter(scope="list:updates").exists()  # staff gave no consent


def test_adding_to_a_list_leaves_those_who_left_it_and_counts_those_already_on_it(
        staff_client, people):
    updates = MailingList.objects.create(slug="updates")
    for person in people.values():
        grant(person)
    Subscription.objects.create(person=people["ana"], mailing_list=updates, status="confirmed",
                                source="form", language="es")
    Subscription.objects.create(person=people["bea"], mailing_list=updates,
                                status="unsubscribed", source="form", language="en")

    response = staff_client.post(ACTION, {"action": "list", "scope": "all",
                                          "list-mailing_list": "updates"}, follow=True)

    body = response.content.decode()
    assert "1 person added" in body and "1 was already on it." in body
    assert "1 — left this list before" in body
    assert Subscription.objects.get(person=people["bea"]).status == "unsubscribed"
    assert Subscription.objects.get(person=people["cruz"]).status == "confirmed"


def test_the_csv_download_holds_the_filtered_people_with_formulas_defused(staff_client,
                                                                         people):
    people["cruz"].name = "=HYPERLINK(\"http://evil\")"
    people["cruz"].save()
    PersonEmail.objects.create(person=people["cruz"], email="cruz@work.example")
    people["cruz"].affiliations.create(organization=Organization.objects.create(
        name="Familias Unidas"))

    response = staff_client.post(ACTION, {"action": "export-csv", "scope": "all",
                                          "people_query": "language=es"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Email", "Other emails"]
    assert sorted(row[1] for row in rows[1:]) == ["ana@example.org", "cruz@example.org"]
    cruz = next(row for row in rows if row[1] == "cruz@example.org")
    assert cruz[0] == "'=HYPERLINK(\"http://evil\")"
    assert cruz[2] == "cruz@work.example" and cruz[4] == "Español"
    assert cruz[6] == "Familias Unidas"


def test_the_xlsx_download_holds_the_ticked_people_as_text(staff_client, people):
    response = staff_client.post(ACTION, {"action": "export-xlsx", "scope": "selected",
                                          "person": [people["bea"].pk]})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Name"
    assert rows[1][:2] == ["Bea Smith", "bea@example.org"]
    assert len(rows) == 2


def test_headers_of_the_download_are_in_the_staff_members_language(staff_client, people):
    response = staff_client.post(ACTION.replace("/en/", "/es/"), {
        "action": "export-xlsx", "scope": "selected", "person": [people["bea"].pk]})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in next(sheet.iter_rows())][:2] == ["Nombre",
                                                                    "Correo electrónico"]


def test_an_action_without_people_or_options_says_so_and_changes_nothing(staff_client,
                                                                        people):
    nobody = staff_client.post(ACTION, {"action": "tag", "scope": "selected",
                                        "tag-tag": "x"}, follow=True)
    assert "Tick at least one person" in nobody.content.decode()
    no_tag = staff_client.post(ACTION, {"action": "tag", "scope": "all", "tag-tag": " "},
                               follow=True)
    assert "Type the tag to add." in no_tag.content.decode()
    unknown = staff_client.post(ACTION, {"action": "launch-rockets", "scope": "all"},
                                follow=True)
    assert "Choose what to do with the people." in unknown.content.decode()
    no_list = staff_client.post(ACTION, {"action": "list", "scope": "all",
                                         "list-mailing_list": "nope"}, follow=True)
    assert "Choose a mailing list." in no_list.content.decode()
    assert not Tag.objects.exists() and not Subscription.objects.exists()


def test_actions_are_post_only_and_need_their_own_permission(client, django_user_model,
                                                             people):
    user = django_user_model.objects.create_user("coalition", "c@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=COALITION_STAFF))
    client.force_login(user)

    assert client.get(ACTION).status_code == 405
    response = client.post(ACTION, {"action": "tag", "scope": "all", "tag-tag": "x"},
                           follow=True)
    assert "Choose what to do with the people." in response.content.decode()
    assert not Tag.objects.exists()
