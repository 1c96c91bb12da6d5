"""Staff find people: search, filters from every module, sorting, paging, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from alianza.coalition import selectors_people
from alianza.coalition.models import (
    Consent,
    Organization,
    Person,
    PersonEmail,
    Signature,
    WorkgroupMembership,
)
from alianza.convenings.models import Event, Registration
from alianza.core.roles import COALITION_STAFF, OUTREACH
from alianza.listening.models import Response, ResponseContact
from alianza.outreach.models import MailingList, Subscription, Tag
from tests.listening.factories import needs_survey

pytestmark = pytest.mark.django_db

URL = reverse("coalition-people")


def names(response) -> list[str]:
    return [person.name for person, _language, _affiliation in response.context["rows"]]


def person(name: str, email: str, **fields) -> Person:
    return Person.objects.create(name=name, email=email, **fields)


@pytest.fixture
def people(db) -> dict[str, Person]:
    return {
        "jose": person("José Pérez", "jose@example.org", preferred_language="es-MX",
                       county="Los Angeles"),
        "ana": person("Ana Gómez", "ana@example.org", preferred_language="es",
                      county="Fresno"),
        "bea": person("Bea Smith", "bea@example.org", preferred_language="en",
                      county="Alameda"),
    }


def test_staff_see_everyone_sorted_by_name(staff_client, people):
    response = staff_client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Ana Gómez", "Bea Smith", "José Pérez"]
    assert "private" in response["Cache-Control"]
    body = response.content.decode()
    assert reverse("coalition-person", args=[people["ana"].pk]) in body
    assert "3 people match." in body


def test_search_folds_accents_and_case(staff_client, people):
    assert names(staff_client.get(URL, {"q": "JOSE"})) == ["José Pérez"]
    assert names(staff_client.get(URL, {"q": "pérez"})) == ["José Pérez"]
    assert names(staff_client.get(URL, {"q": "gomez"})) == ["Ana Gómez"]


def test_search_finds_an_address_another_address_and_an_organization(staff_client, people):
    PersonEmail.objects.create(person=people["bea"], email="b.smith@district.example")
    organization = Organization.objects.create(name="Familias Unidas del Valle")
    people["ana"].affiliations.create(organization=organization)

    assert names(staff_client.get(URL, {"q": "jose@exa"})) == ["José Pérez"]
    assert names(staff_client.get(URL, {"q": "district.example"})) == ["Bea Smith"]
    assert names(staff_client.get(URL, {"q": "familias unidas"})) == ["Ana Gómez"]


def test_the_language_filter_names_languages_and_matches_regional_tags(staff_client, people):
    response = staff_client.get(URL, {"language": "es"})

    assert names(response) == ["Ana Gómez", "José Pérez"]
    body = response.content.decode()
    assert "Español" in body and "English" in body
    assert names(staff_client.get(URL, {"language": ["es", "en"]})) == [
        "Ana Gómez", "Bea Smith", "José Pérez"]


def test_different_filters_combine_and_values_of_one_filter_add_up(staff_client, people):
    assert names(staff_client.get(URL, {"language": "es", "county": "10"})) == ["Ana Gómez"]
    assert names(staff_client.get(URL, {"county": ["10", "01"]})) == [
        "Ana Gómez", "Bea Smith"]


def test_the_coalition_filters(staff_client, people, workgroup, statement):
    member = Organization.objects.create(name="Parent Network", membership_status="member")
    other = Organization.objects.create(name="Not Yet")
    people["ana"].affiliations.create(organization=member, is_primary_contact=True)
    people["bea"].affiliations.create(organization=member)
    people["jose"].affiliations.create(organization=other)
    WorkgroupMembership.objects.create(workgroup=workgroup, person=people["bea"],
                                       status="confirmed", language="en")
    WorkgroupMembership.objects.create(workgroup=workgroup, person=people["jose"],
                                       status="pending", language="es")
    Signature.objects.create(statement=statement, version=statement.versions.first(),
                             person=people["jose"], status="confirmed", language="es",
                             source="test")

    assert names(staff_client.get(URL, {"workgroup": "policy"})) == ["Bea Smith"]
    assert names(staff_client.get(URL, {"signed": statement.slug})) == ["José Pérez"]
    assert names(staff_client.get(URL, {"membership": "member-contact"})) == [
        "Ana Gómez", "Bea Smith"]
    assert names(staff_client.get(URL, {"membership": "primary-contact"})) == ["Ana Gómez"]
    assert names(staff_client.get(URL, {"organization": str(other.pk)})) == ["José Pérez"]


def test_the_outreach_filters(staff_client, people):
    tag = Tag.objects.create(slug="volunteers", name="Volunteers")
    tag.people.add(people["ana"], people["bea"])
    updates = MailingList.objects.create(slug="updates")
    Subscription.objects.create(person=people["jose"], mailing_list=updates,
                                status="confirmed", source="test", language="es")
    Subscription.objects.create(person=people["bea"], mailing_list=updates,
                                status="pending", source="test", language="en")
    Consent.objects.create(person=people["ana"], kind="email", scope="updates", granted=True,
                           wording="Send me updates", language="es", source="test")
    Consent.objects.create(person=people["bea"], kind="email", scope="updates", granted=True,
                           wording="Send me updates", language="en", source="test")
    Consent.objects.create(person=people["bea"], kind="email", scope="all", granted=False,
                           wording="Unsubscribe from all", language="en", source="test")

    assert names(staff_client.get(URL, {"tag": "volunteers"})) == ["Ana Gómez", "Bea Smith"]
    assert names(staff_client.get(URL, {"list": "updates"})) == ["José Pérez"]
    assert names(staff_client.get(URL, {"email_consent": "confirmed"})) == ["Ana Gómez"]
    assert names(staff_client.get(URL, {"email_consent": "unsubscribed"})) == ["Bea Smith"]
    assert names(staff_client.get(URL, {"email_consent": "none"})) == ["José Pérez"]
    assert names(staff_client.get(URL, {"tag": "volunteers", "email_consent": "confirmed"})) == [
        "Ana Gómez"]


def test_the_event_and_survey_filters(staff_client, people):
    start = timezone.now() + timedelta(days=7)
    event = Event.objects.create(slug="convening", starts_at=start,
                                 ends_at=start + timedelta(hours=2))
    Registration.objects.create(event=event, person=people["ana"], name="Ana",
                                email="ana@example.org", status="confirmed")
    Registration.objects.create(event=event, person=people["bea"], name="Bea",
                                email="bea@example.org", status="cancelled")
    survey = needs_survey()
    response = Response.objects.create(survey=survey, version=survey.versions.first())
    ResponseContact.objects.create(response=response, person=people["jose"], language="es")

    assert names(staff_client.get(URL, {"event": "convening"})) == ["Ana Gómez"]
    assert names(staff_client.get(URL, {"survey_contact": survey.slug})) == ["José Pérez"]


def test_sorting_by_email_newest_and_county(staff_client, people):
    Person.objects.filter(pk=people["bea"].pk).update(
        created_at=timezone.now() + timedelta(days=1))

    assert names(staff_client.get(URL, {"sort": "email"})) == [
        "Ana Gómez", "Bea Smith", "José Pérez"]
    assert names(staff_client.get(URL, {"sort": "newest"}))[0] == "Bea Smith"
    # County codes: Alameda 01, Fresno 10, Los Angeles 19.
    assert names(staff_client.get(URL, {"sort": "county"})) == [
        "Bea Smith", "Ana Gómez", "José Pérez"]


def test_pages_follow_each_other_and_keep_the_filters(staff_client):
    for index in range(selectors_people.PER_PAGE + 5):
        person(f"Person {index:03d}", f"p{index}@example.org", preferred_language="es")

    first = staff_client.get(URL, {"language": "es"})
    second = staff_client.get(URL, {"language": "es", "page": "2"})

    assert len(names(first)) == selectors_people.PER_PAGE
    assert names(second) == [f"Person {i:03d}" for i in range(50, 55)]
    assert "language=es" in first.content.decode().split("Next page")[0].rsplit("href=", 1)[1]
    assert f"{selectors_people.PER_PAGE + 5} people match." in second.content.decode()


def test_the_count_is_capped_rather_than_scanning_everyone(staff_client, people, monkeypatch):
    monkeypatch.setattr(selectors_people, "COUNT_CAP", 2)

    body = staff_client.get(URL).content.decode()

    assert "More than 2 people match." in body


def test_erased_people_are_not_listed(staff_client, people):
    Person.objects.filter(pk=people["bea"].pk).update(erased_at=timezone.now())

    assert "Bea Smith" not in names(staff_client.get(URL))


def test_an_unknown_filter_value_is_named_and_left_out(staff_client, people):
    Tag.objects.create(slug="volunteers", name="Volunteers")
    response = staff_client.get(URL, {"language": ["es", "xx-nope"], "tag": "ghost",
                                      "sort": "shoe-size"})

    assert response.status_code == 200
    assert names(response) == ["Ana Gómez", "José Pérez"]
    body = response.content.decode()
    assert "“xx-nope” is not one of the choices of the filter “Preferred language”" in body
    assert "“ghost” is not one of the choices of the filter “Tag”" in body
    assert "“shoe-size”" in body


def test_a_page_out_of_range_shows_the_first_page_with_a_message(staff_client, people):
    response = staff_client.get(URL, {"page": "40"})

    assert response.status_code == 200
    assert names(response) == ["Ana Gómez", "Bea Smith", "José Pérez"]
    assert "There is no page 40 of this list" in response.content.decode()
    assert "is not a page number" in staff_client.get(URL, {"page": "-1x"}).content.decode()


def test_messages_are_in_spanish_for_spanish_staff(staff_client, people):
    response = staff_client.get(reverse("coalition-people").replace("/en/", "/es/"),
                                {"page": "40", "language": "es"})

    body = response.content.decode()
    assert "Personas" in body
    assert "No existe la página 40" in body
    assert "Español" in body


def test_outsiders_and_staff_without_the_permission_are_refused(client, django_user_model,
                                                               people):
    assert client.get(URL).status_code == 302
    outsider = django_user_model.objects.create_user("parent", "parent@example.org")
    client.force_login(outsider)
    assert client.get(URL).status_code == 403
    analyst = django_user_model.objects.create_user("clerk", "clerk@example.org", is_staff=True)
    client.force_login(analyst)
    assert client.get(URL).status_code == 403
    assert client.post(reverse("coalition-people-action"), {"action": "tag"}).status_code == 403


def test_coalition_and_outreach_staff_see_the_list_with_their_own_actions(client,
                                                                         django_user_model,
                                                                         people):
    for name, expected, absent in [(COALITION_STAFF, "Download as CSV", "Add a tag"),
                                   (OUTREACH, "Add a tag", "nothing-absent")]:
        user = django_user_model.objects.create_user(name, f"{len(name)}@example.org",
                                                     is_staff=True)
        user.groups.add(Group.objects.get(name=name))
        client.force_login(user)
        body = client.get(URL).content.decode()
        assert expected in body
        assert absent not in body


def test_free_text_in_a_filter_with_no_choices_yet_selects_nobody_without_error(staff_client,
                                                                               people):
    response = staff_client.get(URL, {"organization": "abc", "tag": "ghost"})

    assert response.status_code == 200
    assert names(response) == []
