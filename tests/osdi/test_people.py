"""People through the OSDI API, shaped as Action Network's people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Consent, Person, PersonEmail
from alianza.coalition.services.people import consent_record
from alianza.core.models import ExternalIdentifier
from alianza.outreach.models import MailingList, Subscription, Suppression

pytestmark = pytest.mark.django_db


def person_make(email: str, name: str = "Ana Ruiz", **fields) -> Person:
    return Person.objects.create(email=email, name=name, **fields)


def grant(person: Person, granted: bool = True, scope: str = "updates") -> None:
    consent_record(person=person, kind=Consent.Kind.EMAIL, scope=scope, granted=granted,
                   wording="Receive email updates", language="en", source="test")


def test_a_person_has_action_network_fields_links_and_our_county(osdi_get):
    person = person_make("jose@example.org", "José García López", phone="+1 213 555 0100",
                         county="19", preferred_language="es")
    PersonEmail.objects.create(person=person, email="jose.work@example.org")
    grant(person)

    response = osdi_get(f"people/{person.uuid}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/hal+json")
    body = response.json()
    assert body["identifiers"] == [f"alianza:{person.uuid}"]
    assert body["given_name"] == "José" and body["family_name"] == "García López"
    assert body["email_addresses"] == [
        {"primary": True, "address": "jose@example.org", "status": "subscribed"},
        {"primary": False, "address": "jose.work@example.org", "status": "subscribed"}]
    assert body["phone_numbers"] == [{"primary": True, "number": "+1 213 555 0100"}]
    assert body["postal_addresses"] == [{"primary": True, "region": "CA", "country": "US",
                                         "county": "Los Angeles"}]
    assert body["preferred_language"] == "es" and body["languages_spoken"] == ["es"]
    assert body["created_date"].endswith("Z") and body["modified_date"].endswith("Z")
    links = body["_links"]
    assert links["self"]["href"].endswith(f"/api/osdi/v1/people/{person.uuid}")
    for relation in ("osdi:signatures", "osdi:submissions", "osdi:attendances",
                     "osdi:taggings", "osdi:outreaches", "osdi:items"):
        assert links[relation]["href"] == f"{links['self']['href']}/{relation[5:]}"


def test_email_status_follows_consent_lists_and_suppression(osdi_get):
    person_make("never@example.org")
    left = person_make("left@example.org")
    grant(left)
    grant(left, granted=False, scope="all")
    listed = person_make("listed@example.org")
    news = MailingList.objects.create(slug="news")
    Subscription.objects.create(person=listed, mailing_list=news, language="en",
                                status=Subscription.Status.CONFIRMED,
                                confirmed_at=timezone.now())
    bounced = person_make("bounced@example.org")
    grant(bounced)
    Suppression.objects.create(address=bounced.email, reason=Suppression.Reason.HARD_BOUNCE)
    complained = person_make("complained@example.org")
    grant(complained)
    Suppression.objects.create(address=complained.email, reason=Suppression.Reason.COMPLAINT)

    people = osdi_get("people").json()["_embedded"]["osdi:people"]

    status = {p["email_addresses"][0]["address"]: p["email_addresses"][0]["status"]
              for p in people}
    assert status == {"never@example.org": "unsubscribed", "left@example.org": "unsubscribed",
                      "listed@example.org": "subscribed", "bounced@example.org": "bouncing",
                      "complained@example.org": "spam complaint"}


def test_the_collection_pages_as_action_network_does(osdi_get):
    for n in range(30):
        person_make(f"p{n:02}@example.org", f"Person {n}")

    first = osdi_get("people").json()
    second = osdi_get(first["_links"]["next"]["href"]).json()
    past = osdi_get("people", page=9).json()

    assert (first["total_records"], first["total_pages"], first["per_page"]) == (30, 2, 25)
    assert len(first["_embedded"]["osdi:people"]) == 25
    assert len(second["_embedded"]["osdi:people"]) == 5 and "next" not in second["_links"]
    assert second["_links"]["previous"]["href"].endswith("page=1")
    seen = [p["email_addresses"][0]["address"] for page in (first, second)
            for p in page["_embedded"]["osdi:people"]]
    assert sorted(seen) == [f"p{n:02}@example.org" for n in range(30)]
    assert past["_embedded"]["osdi:people"] == []
    assert len(first["_links"]["osdi:people"]) == 25


def test_people_are_filtered_by_email_and_dates(osdi_get):
    old = person_make("old@example.org")
    Person.objects.filter(pk=old.pk).update(
        modified_at=timezone.now() - timedelta(days=30),
        created_at=timezone.now() - timedelta(days=30))
    person_make("new@example.org")
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d")

    by_email = osdi_get("people", filter="email_address eq 'old@example.org'").json()
    recent = osdi_get("people", filter=f"modified_date gt '{since}'").json()
    created = osdi_get("people", filter=f"created_date lt '{since}'").json()
    bad = osdi_get("people", filter="phone eq '1'")

    def addresses(page):
        return [p["email_addresses"][0]["address"] for p in page["_embedded"]["osdi:people"]]

    assert addresses(by_email) == ["old@example.org"]
    assert addresses(recent) == ["new@example.org"]
    assert addresses(created) == ["old@example.org"]
    assert bad.status_code == 400 and "error" in bad.json()


def test_put_changes_the_record_and_keeps_foreign_identifiers(osdi_put, osdi_get):
    person = person_make("maria@example.org", "Maria Lopez", import_extra={"rating": "4"})

    response = osdi_put(f"people/{person.uuid}", {
        "identifiers": ["action_network:1234-abcd"],
        "given_name": "María", "family_name": "López Díaz",
        "phone_numbers": [{"number": "213-555-0199", "primary": True}],
        "postal_addresses": [{"primary": True, "county": "Fresno County", "region": "CA"}],
        "languages_spoken": ["es"],
        "custom_fields": {"school": "Roosevelt"},
    })

    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.name == "María López Díaz" and person.phone == "213-555-0199"
    assert person.county_code == "10" and person.preferred_language == "es"
    assert person.import_extra == {"rating": "4", "school": "Roosevelt"}
    body = osdi_get("people/action_network:1234-abcd").json()
    assert body["identifiers"] == [f"alianza:{person.uuid}", "action_network:1234-abcd"]
    assert body["custom_fields"] == {"rating": "4", "school": "Roosevelt"}
    # One name part sent: the other is kept.
    osdi_put(f"people/{person.uuid}", {"family_name": "Díaz"})
    person.refresh_from_db()
    assert person.name == "María Díaz"


def test_a_person_fetched_can_be_put_back_unchanged(osdi_get, osdi_put):
    person = person_make("round@example.org", "Rosa Mendez", county="19")
    body = osdi_get(f"people/{person.uuid}").json()

    response = osdi_put(f"people/{person.uuid}", body)

    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.name, person.county_code) == ("Rosa Mendez", "19")


@pytest.mark.parametrize("body", [
    {"nickname": "Ana"},
    {"given_name": 5},
    {"email_addresses": [{"address": "other@example.org"}]},
    {"email_addresses": [{"address": "ana@example.org", "status": "bouncing"}]},
    {"postal_addresses": [{"district": "not-a-district"}]},
    {"languages_spoken": ["not a tag!"]},
])
def test_bad_put_bodies_are_refused_and_change_nothing(osdi_put, body):
    person = person_make("ana@example.org", "Ana Ruiz")
    before = Person.objects.filter(pk=person.pk).values().get()

    response = osdi_put(f"people/{person.uuid}", body)

    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert Person.objects.filter(pk=person.pk).values().get() == before
    assert not ExternalIdentifier.objects.exists()


def test_unknown_and_erased_people_are_not_found(osdi_get):
    erased = person_make("gone@example.org", erased_at=timezone.now())

    assert osdi_get("people/alianza:00000000-0000-4000-8000-000000000000").status_code == 404
    assert osdi_get("people/action_network:nobody").status_code == 404
    assert osdi_get(f"people/{erased.uuid}").status_code == 404
    assert osdi_get("people").json()["total_records"] == 0


def test_a_read_only_token_cannot_change_people(api_client, osdi_token):
    person = person_make("ana@example.org")
    reader = osdi_token(("people:read",))

    assert api_client.get(f"people/{person.uuid}", token=reader).status_code == 200
    refused = api_client.put(f"people/{person.uuid}", {"given_name": "X"}, token=reader)
    assert refused.status_code == 403
    assert api_client.get("tags", token=reader).status_code == 403
    person.refresh_from_db()
    assert person.name == "Ana Ruiz"


def test_a_page_of_people_takes_a_fixed_number_of_queries(osdi_get, django_assert_max_num_queries):
    for n in range(40):
        person = person_make(f"q{n}@example.org")
        grant(person)
        PersonEmail.objects.create(person=person, email=f"q{n}.other@example.org")

    with django_assert_max_num_queries(20):
        page = osdi_get("people", per_page=40).json()
    assert len(page["_embedded"]["osdi:people"]) == 40
