"""Each webhook event fires from the real web flow and reaches a real receiver, signed."""

from __future__ import annotations

import pytest

from alianza.core.webhooks import events
from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint
from alianza.core.webhooks.services import endpoint_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


@pytest.fixture
def endpoint(receiver) -> WebhookEndpoint:
    return endpoint_create(url=receiver.url, description="CRM", events=list(events.EVENTS))


def only(receiver, endpoint: WebhookEndpoint, event: str) -> dict:
    [got] = receiver.events(event)
    assert got.signature_valid(endpoint.secret)
    [record] = got.json
    return record


def test_confirming_a_signature_sends_the_signature_and_the_submission(
        client, statement, smtp_server, receiver, endpoint):
    from tests.coalition.test_signing import link_from, sign

    sign(client, "es", listed="on")
    assert not receiver.received  # an unconfirmed submission is not passed on
    confirm = link_from(smtp_server, "maria@example.org", "confirm")
    client.post(confirm)

    signature = only(receiver, endpoint, "signature.confirmed")["osdi:signature"]
    assert signature["person"]["given_name"] == "María"
    assert signature["person"]["email_addresses"][0]["address"] == "maria@example.org"
    assert signature["person"]["languages_spoken"] == ["es"]
    assert signature["petition"]["slug"] == "statement-of-agreement"
    assert signature["petition"]["title"] == "Statement of Agreement"
    assert signature["listed"] is True and signature["created_date"]
    submission = only(receiver, endpoint, "submission.received")["osdi:submission"]
    assert submission["form"]["name"] == "join"
    assert submission["actions"] == ["sign_individual"]
    assert submission["petition"]["slug"] == "statement-of-agreement"

    # The same link again confirms nothing new and sends nothing more.
    client.post(confirm)
    assert len(receiver.received) == 2


def test_a_list_sign_up_is_sent_once_confirmed_and_leaving_the_list_too(
        client, smtp_server, receiver, endpoint):
    from alianza.coalition.models import Person
    from alianza.outreach.models import MailingList, MailingListText
    from alianza.outreach.services.subscriptions import preferences_url
    from tests.outreach.test_subscribe import link_in

    updates = MailingList.objects.create(slug="updates")
    MailingListText.objects.create(mailing_list=updates, language="en", name="General updates")
    client.post("/es/lists/", {"name": "Ana García", "email": "ana@example.org",
                               "consent": "on", "lists": [updates.pk]})
    assert not receiver.received
    client.post(link_in(smtp_server.body(smtp_server.to("ana@example.org")[0])))

    subscribed = only(receiver, endpoint, "person.subscribed")["alianza:subscription"]
    assert subscribed["status"] == "subscribed"
    assert subscribed["list"] == {"identifiers": [f"alianza:{updates.uuid}"],
                                  "slug": "updates", "name": "General updates"}
    assert subscribed["person"]["given_name"] == "Ana"
    assert subscribed["person"]["languages_spoken"] == ["es"]

    person = Person.objects.get(email="ana@example.org")
    path = preferences_url(person).replace("https://alianza.example.org", "")
    client.post(path, {"unsubscribe_all": "1"})

    left = only(receiver, endpoint, "person.unsubscribed")["alianza:subscription"]
    assert left["status"] == "unsubscribed" and left["source"] == "preferences-page"
    assert left["list"]["slug"] == "updates"


def test_registering_for_an_event_sends_the_registration(client, smtp_server, receiver,
                                                         endpoint):
    from tests.convenings import factories

    event = factories.event_create(capacity=1)
    form = {"name": "Rosa Díaz", "email": "rosa@example.org", "organization_name": "",
            "language": "es", "accessibility_needs": ""}
    assert client.post(f"/es/events/{event.slug}/", form).status_code == 302
    assert client.post(f"/en/events/{event.slug}/", {
        **form, "email": "bo@example.org", "name": "Bo Lee"}).status_code == 302

    sent = [r.json[0]["osdi:attendance"] for r in receiver.events("registration.created")]
    assert all(r.signature_valid(endpoint.secret) for r in receiver.received)
    assert [(a["person"]["given_name"], a["status"], a["waitlisted"]) for a in sent] == [
        ("Rosa", "accepted", False), ("Bo", "tentative", True)]
    assert sent[0]["event"]["slug"] == event.slug
    assert sent[0]["person"]["languages_spoken"] == ["es"]


def test_a_confirmed_action_letter_sends_the_outreach(client, receiver, endpoint):
    from tests.policy import f_factories as f
    from tests.policy.test_f_action_page import step2
    from tests.policy.test_f_delivery import confirm_path

    f.legislature()
    f.campaign()
    assert step2(client, "es", body_lower="Mi carta.", body_upper="Otra carta.").status_code == 302
    assert not receiver.received
    assert client.post(confirm_path()).status_code == 302

    letters = [r.json[0]["osdi:outreach"] for r in receiver.events("outreach.sent")]
    assert all(r.signature_valid(endpoint.secret) for r in receiver.received)
    assert len(letters) == 2
    assert {letter["targets"][0]["name"] for letter in letters} == {"Rosa Martínez",
                                                                    "Helen Park"}
    assert {letter["campaign"]["slug"] for letter in letters} == {"ab-2268"}
    assert letters[0]["person"]["email_addresses"][0]["address"] == "lupita@example.org"


def test_a_survey_respondent_who_leaves_contact_details_is_sent_without_answers(
        client, receiver, endpoint):
    from tests.listening.factories import needs_survey
    from tests.listening.test_respond_flow import answer_all, send

    survey = needs_survey()
    answer_all(client, survey, lang="es")
    send(client, survey, lang="es", consent="on", name="Rosa Díaz", email="rosa@example.org",
         phone="555-0100")

    submission = only(receiver, endpoint, "submission.received")["osdi:submission"]
    survey.refresh_from_db()
    assert submission["form"] == {"name": "survey", "identifiers": [f"alianza:{survey.uuid}"],
                                  "slug": survey.slug}
    assert submission["person"]["given_name"] == "Rosa"
    assert submission["person"]["phone_numbers"] == [{"number": "555-0100", "primary": True}]
    assert "Gracias" not in receiver.received[0].body.decode()


def test_an_anonymous_survey_response_sends_nothing(client, receiver, endpoint):
    from tests.listening.factories import needs_survey
    from tests.listening.test_respond_flow import answer_all, send

    survey = needs_survey()
    answer_all(client, survey)
    send(client, survey)

    assert not receiver.received and not WebhookDelivery.objects.exists()
