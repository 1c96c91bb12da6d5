"""The person signup helper: POST /api/osdi/v1/people/ upserts a person, through the same
services and consent rules as the web's forms."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from alianza.coalition.models import Consent, JoinConfirmation, Person
from alianza.coalition.services import signing, tokens
from alianza.coalition.services.people import consent_record
from alianza.core.models import ExternalIdentifier, OutboundEmail
from alianza.outreach.models import MailingList, Subscription, Suppression, Tag, Tagging

pytestmark = pytest.mark.django_db


def signup(osdi_post, person: dict, **extra):
    return osdi_post("people", {"person": person, **extra})


def status_of(body: dict) -> str:
    return body["email_addresses"][0]["status"]


def open_confirmation_link() -> None:
    for row in JoinConfirmation.objects.filter(confirmed_at__isnull=True):
        signing.email_confirm(token=tokens.join_token(confirmation_id=row.pk, email=row.email))


def test_a_new_subscriber_is_created_and_asked_to_confirm_before_being_mailed(osdi_post):
    response = signup(osdi_post, {
        "given_name": "Lucía", "family_name": "Hernández",
        "email_addresses": [{"address": "Lucia@Example.org", "status": "subscribed"}],
        "languages_spoken": ["es"], "identifiers": ["action_network:77"],
    })

    assert response.status_code == 200, response.content
    body = response.json()
    person = Person.objects.get()
    assert (person.email, person.name, person.preferred_language) == (
        "lucia@example.org", "Lucía Hernández", "es")
    assert status_of(body) == "unsubscribed"  # not until the address's owner confirms
    assert not Consent.objects.filter(granted=True).exists()
    email = OutboundEmail.objects.get(to="lucia@example.org")
    assert (email.purpose, email.language) == ("confirm-email", "es")
    assert "action_network:77" in body["identifiers"]

    open_confirmation_link()

    consent = Consent.objects.get(person=person, granted=True)
    assert consent.scope == "updates" and consent.source == "osdi-api"
    # The words of the web form's box, in the person's language.
    assert consent.wording == "Recibir noticias de la coalición por correo electrónico"


def test_a_subscriber_with_consent_on_record_gets_no_email(osdi_post):
    person = Person.objects.create(email="ana@example.org", name="Ana")
    consent_record(person=person, kind=Consent.Kind.EMAIL, scope="updates", granted=True,
                   wording="Yes", language="en", source="form")

    body = signup(osdi_post, {"email_addresses": [{"address": "ana@example.org",
                                                   "status": "subscribed"}]}).json()

    assert status_of(body) == "subscribed"
    assert not OutboundEmail.objects.exists()
    assert Person.objects.count() == 1


def test_a_suppressed_address_is_never_asked_to_confirm(osdi_post):
    Suppression.objects.create(address="gone@example.org", reason=Suppression.Reason.HARD_BOUNCE)

    body = signup(osdi_post, {"email_addresses": [{"address": "gone@example.org",
                                                   "status": "subscribed"}]}).json()

    assert status_of(body) == "bouncing"
    assert not OutboundEmail.objects.exists() and not JoinConfirmation.objects.exists()


def test_unsubscribed_withdraws_consent_and_ends_list_subscriptions(osdi_post):
    person = Person.objects.create(email="ana@example.org", name="Ana")
    consent_record(person=person, kind=Consent.Kind.EMAIL, scope="updates", granted=True,
                   wording="Yes", language="en", source="form")
    news = MailingList.objects.create(slug="news")
    Subscription.objects.create(person=person, mailing_list=news, language="en",
                                status=Subscription.Status.CONFIRMED)

    body = signup(osdi_post, {"email_addresses": [{"address": "ana@example.org",
                                                   "status": "unsubscribed"}]}).json()

    assert status_of(body) == "unsubscribed"
    assert Consent.objects.filter(person=person, granted=False, scope="all").count() == 1
    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED
    # Saying it again records nothing more.
    signup(osdi_post, {"email_addresses": [{"address": "ana@example.org",
                                            "status": "unsubscribed"}]})
    assert Consent.objects.filter(person=person, granted=False).count() == 2  # all + list


def test_no_status_changes_no_consent(osdi_post):
    body = signup(osdi_post, {"email_addresses": [{"address": "new@example.org"}],
                              "given_name": "Nuevo"}).json()

    assert status_of(body) == "unsubscribed"
    assert not Consent.objects.exists() and not OutboundEmail.objects.exists()


def test_people_are_matched_by_email_then_updated(osdi_post):
    person = Person.objects.create(email="maria@example.org", name="Maria", phone="")

    response = signup(osdi_post, {
        "identifiers": ["action_network:m-1"],
        "email_addresses": [{"address": "MARIA@example.org"}],
        "given_name": "María", "family_name": "Pérez",
        "phone_numbers": [{"number": "559-555-0101"}],
        "postal_addresses": [{"county": "Kern"}],
    })

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.name, person.phone, person.county_code) == ("María Pérez", "559-555-0101",
                                                               "15")
    # Then by the identifier it was given, even with no email address.
    signup(osdi_post, {"identifiers": ["action_network:m-1"], "given_name": "Mari"})
    person.refresh_from_db()
    assert person.name == "Mari Pérez" and Person.objects.count() == 1


def test_tags_are_added_and_removed_by_name_and_unknown_ones_ignored(osdi_post):
    Tag.objects.create(slug="parents", name="Parents")
    Tag.objects.create(slug="fresno", name="Fresno")
    person = Person.objects.create(email="ana@example.org", name="Ana")
    Tagging.objects.create(tag=Tag.objects.get(slug="fresno"), person=person)

    response = signup(osdi_post, {"email_addresses": [{"address": "ana@example.org"}]},
                      add_tags=["parents", "Volunteers"], remove_tags=["Fresno"])

    assert response.status_code == 200
    assert list(person.outreach_tags.values_list("slug", flat=True)) == ["parents"]
    assert Tag.objects.count() == 2


@pytest.mark.parametrize("body", [
    {"person": {"email_addresses": [{"address": "not an address"}]}},
    {"person": {"email_addresses": [{"address": "josé@example.org"}]}},
    {"person": {"given_name": "No address"}},
    {"person": {"email_addresses": [{"address": "a@example.org"}]}, "tags": ["x"]},
    {"person": {"email_addresses": [{"address": "a@example.org", "status": "bouncing"}]}},
    {"person": {"email_addresses": [{"address": "a@example.org"}],
                "postal_addresses": [{"district": "123"}]}},
    {"add_tags": ["x"]},
])
def test_bad_signups_are_refused_and_write_nothing(osdi_post, body):
    response = osdi_post("people", body)

    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert not Person.objects.exists() and not ExternalIdentifier.objects.exists()


def test_malformed_json_is_a_400(osdi_post):
    response = osdi_post("people", raw=b'{"person": ')
    assert response.status_code == 400 and not Person.objects.exists()


def test_errors_speak_the_clients_language(api_client):
    response = api_client.client.post(
        "/api/osdi/v1/people", data='{"person": {"given_name": "Sin correo"}}',
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="es",
        HTTP_OSDI_API_TOKEN=api_client.token)

    assert response.status_code == 400
    assert "correo" in response.json()["error"]


def _comparable(person: dict) -> dict:
    """What a round trip must keep: everything but our own identifier, dates and links."""
    kept = {k: v for k, v in person.items()
            if k not in ("identifiers", "created_date", "modified_date", "_links")}
    kept["identifiers"] = [i for i in person["identifiers"] if not i.startswith("alianza:")]
    return kept


def test_people_exported_through_the_api_import_back_the_same(osdi_get, osdi_post):
    tags = [Tag.objects.create(slug=f"t{n}", name=f"Tag {n}") for n in range(3)]
    for n in range(23):
        person = Person.objects.create(
            email=f"p{n}@example.org", name=["Ana", "José García López", "Kim Lee"][n % 3],
            phone=f"213-555-01{n:02}" if n % 2 else "", county=["19", "Fresno", ""][n % 3],
            preferred_language=["en", "es", "es-MX"][n % 3],
            import_extra={"school": f"S{n}"} if n % 4 else {})
        for tag in tags[: n % 4]:
            Tagging.objects.create(tag=tag, person=person)
        ExternalIdentifier.objects.create(
            content_type=ContentType.objects.get_for_model(Person), object_id=person.pk,
            value=f"action_network:{n}")

    def export() -> dict[str, tuple[dict, list[str]]]:
        people, href = [], "people?per_page=10"
        while href:
            page = osdi_get(href).json()
            people += page["_embedded"]["osdi:people"]
            href = page["_links"].get("next", {}).get("href")
        out = {}
        for person in people:
            taggings = osdi_get(person["_links"]["osdi:taggings"]["href"]).json()
            names = sorted(osdi_get(t["_links"]["osdi:tag"]["href"]).json()["name"]
                           for t in taggings["_embedded"]["osdi:taggings"])
            out[person["email_addresses"][0]["address"]] = (person, names)
        return out

    before = export()
    assert len(before) == 23
    # A fresh database: the people (and what was kept about them) are gone; tags stay.
    Person.objects.all().delete()
    ExternalIdentifier.objects.all().delete()
    for person, tag_names in before.values():
        response = osdi_post("people", {"person": person, "add_tags": tag_names})
        assert response.status_code == 200, response.content

    after = export()
    assert {k: (_comparable(p), t) for k, (p, t) in after.items()} == {
        k: (_comparable(p), t) for k, (p, t) in before.items()}
