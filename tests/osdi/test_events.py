"""The events and attendances resources: Action Network's shapes, its record attendance
helper, and the event's own registration rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.convenings.models import Registration
from tests.convenings.factories import event_create, fill, question_create, registration_create

pytestmark = pytest.mark.django_db

EVENT_FIELDS = {"identifiers", "origin_system", "created_date", "modified_date", "title",
                "description", "browser_url", "start_date", "end_date", "capacity",
                "total_accepted", "status", "visibility", "location", "name"}


def _rosa(**extra) -> dict:
    return {"person": {"given_name": "Rosa", "family_name": "Martínez",
                       "email_addresses": [{"address": "rosa@example.org"}],
                       "languages_spoken": ["es"]}, **extra}


def test_the_events_collection_has_action_networks_shape(osdi_get):
    event = event_create(capacity=10)
    fill(event, 3)
    body = osdi_get("events").json()
    assert body["total_records"] == 1 and body["page"] == 1 and body["per_page"] == 25
    item = body["_embedded"]["osdi:events"][0]
    assert item.keys() >= EVENT_FIELDS
    assert item["identifiers"] == [f"alianza:{event.uuid}"]
    assert item["total_accepted"] == 3 and item["capacity"] == 10
    assert item["status"] == "confirmed" and item["visibility"] == "public"
    assert item["location"] == {"venue": "Sacramento Convention Center",
                                "address_lines": ["1400 J St", "Sacramento, CA 95814"]}
    assert item["start_date"].endswith("Z")
    assert item["browser_url"].endswith(f"/events/{event.slug}/")
    assert item["alianza:texts"]["es"]["title"] == "Convocatoria de primavera"
    links = item["_links"]
    assert links["self"]["href"].endswith(f"/api/osdi/v1/events/{event.uuid}")
    assert links["osdi:attendances"]["href"].endswith(f"/events/{event.uuid}/attendances")
    assert body["_links"]["osdi:events"] == [links["self"]]


def test_an_event_is_found_by_its_bare_or_prefixed_identifier(osdi_get):
    event = event_create()
    bare = osdi_get(f"events/{event.uuid}")
    prefixed = osdi_get(f"events/alianza:{event.uuid}")
    assert bare.status_code == prefixed.status_code == 200
    assert bare.json()["identifiers"] == prefixed.json()["identifiers"]


def test_an_unknown_event_is_a_404_with_an_error_body(osdi_get):
    response = osdi_get("events/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert "error" in response.json()
    assert osdi_get("events/not-an-id").status_code == 404


def test_a_cancelled_or_unpublished_event_says_so_and_has_no_public_page(osdi_get):
    cancelled = event_create(is_cancelled=True)
    draft = event_create(is_published=False)
    assert osdi_get(f"events/{cancelled.uuid}").json()["status"] == "cancelled"
    hidden = osdi_get(f"events/{draft.uuid}").json()
    assert hidden["visibility"] == "private"
    assert "browser_url" not in hidden or hidden["browser_url"] is None


def test_an_online_event_has_no_location(osdi_get):
    event = event_create(venue_name="", address="")
    body = osdi_get(f"events/{event.uuid}").json()
    assert body.get("location") is None


def test_events_are_paged_and_a_page_past_the_end_is_empty(osdi_get):
    for _ in range(3):
        event_create()
    first = osdi_get("events", per_page=2).json()
    assert first["total_pages"] == 2 and first["total_records"] == 3
    assert len(first["_embedded"]["osdi:events"]) == 2
    second = osdi_get(first["_links"]["next"]["href"]).json()
    assert len(second["_embedded"]["osdi:events"]) == 1
    past = osdi_get("events", page=9).json()
    assert past["_embedded"]["osdi:events"] == []


def test_events_are_filtered_by_modified_date_and_start_date(osdi_get):
    soon = event_create(starts_in=timedelta(days=2))
    event_create(starts_in=timedelta(days=40))
    cutoff = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%d")
    found = osdi_get("events", filter=f"start_date lt '{cutoff}'").json()
    assert [e["name"] for e in found["_embedded"]["osdi:events"]] == [soon.slug]
    later = osdi_get("events", filter="modified_date gt '2999-01-01'").json()
    assert later["total_records"] == 0


def test_an_unsupported_filter_is_a_400(osdi_get):
    response = osdi_get("events", filter="capacity gt '3'")
    assert response.status_code == 400
    assert "capacity" in response.json()["error"]


def test_attendances_give_action_network_statuses_and_link_the_event(osdi_get):
    event = event_create(capacity=1)
    registration_create(event, email="a@example.org")
    registration_create(event, email="b@example.org", status=Registration.Status.WAITLISTED,
                        waitlist_position=1)
    registration_create(event, email="c@example.org", status=Registration.Status.CANCELLED)
    body = osdi_get(f"events/{event.uuid}/attendances").json()
    items = body["_embedded"]["osdi:attendances"]
    assert [a["status"] for a in items] == ["accepted", "tentative", "declined"]
    assert [a["alianza:status"] for a in items] == ["confirmed", "waitlisted", "cancelled"]
    first = items[0]
    assert {"identifiers", "created_date", "modified_date", "status", "_links"} <= first.keys()
    assert first["_links"]["osdi:event"]["href"].endswith(f"/events/{event.uuid}")
    one = osdi_get(first["_links"]["self"]["href"])
    assert one.status_code == 200 and one.json()["identifiers"] == first["identifiers"]


def test_an_attendance_of_another_event_is_not_found_under_this_one(osdi_get):
    event, other = event_create(), event_create()
    registration = registration_create(other)
    response = osdi_get(f"events/{event.uuid}/attendances/{registration.uuid}")
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.tasks
def test_recording_an_attendance_holds_a_seat_and_emails_the_registrant_in_their_language(
        osdi_post, smtp_server):
    event = event_create(capacity=5)

    response = osdi_post(f"events/{event.uuid}/attendances", _rosa())

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted"
    registration = Registration.objects.get()
    assert registration.name == "Rosa Martínez" and registration.language == "es"
    assert body["identifiers"] == [f"alianza:{registration.uuid}"]
    message = smtp_server.to("rosa@example.org")[0]
    assert "Convocatoria de primavera" in message["Subject"]


def test_a_full_event_puts_an_api_registrant_on_the_waitlist_as_the_web_does(
        osdi_post, smtp_server):
    event = event_create(capacity=2)
    fill(event, 2)

    body = osdi_post(f"events/{event.uuid}/attendances", _rosa()).json()

    assert body["status"] == "tentative" and body["alianza:waitlist_position"] == 1
    assert Registration.objects.get(email="rosa@example.org").status == \
        Registration.Status.WAITLISTED


def test_recording_twice_keeps_one_registration(osdi_post, smtp_server):
    event = event_create()
    first = osdi_post(f"events/{event.uuid}/attendances", _rosa()).json()
    again = osdi_post(f"events/{event.uuid}/attendances", _rosa()).json()
    assert first["identifiers"] == again["identifiers"]
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("fields", [
    {"registration_deadline": timezone.now() - timedelta(hours=1)},
    {"is_cancelled": True},
    {"is_published": False},
])
def test_an_event_closed_to_registration_refuses_api_registrants_too(osdi_post, fields):
    event = event_create(**fields)
    response = osdi_post(f"events/{event.uuid}/attendances", _rosa())
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Registration.objects.exists()


def test_a_required_question_must_be_answered_through_the_api_too(osdi_post, osdi_get,
                                                                    smtp_server):
    event = event_create()
    question = question_create(event, required=True, kind="choice",
                               choices="Family engagement\nAssessment", choices_es="A\nB")
    path = f"events/{event.uuid}/attendances"
    missing = osdi_post(path, _rosa())
    assert missing.status_code == 400
    assert f"alianza:answers.{question.pk}" in missing.json()["error"]
    wrong = osdi_post(path, _rosa(**{"alianza:answers": {str(question.pk): "Nope"}}))
    assert wrong.status_code == 400
    answered = osdi_post(path, _rosa(**{"alianza:answers": {str(question.pk): "Assessment"}}))
    assert answered.status_code == 200
    assert Registration.objects.get().answers == {str(question.pk): "Assessment"}
    listed = osdi_get(f"events/{event.uuid}").json()["alianza:questions"][0]
    assert listed["id"] == str(question.pk) and listed["choices"]["es"] == ["A", "B"]


@pytest.mark.parametrize("body", [
    {"person": {"email_addresses": [{"address": "rosa@example.org"}]}},  # no name
    {"person": {"given_name": "Rosa", "email_addresses": [{"address": "not an address"}]}},
    {"person": {"given_name": "Rosa", "email_addresses": []}},
    {"person": {"given_name": "Rosa"}},
    {"person": {"given_name": "Rosa", "email_addresses": [{"address": "r@example.org"}],
                "phone_numbers": [{"number": "5555550100"}]}},  # not taken: refused
    {"person": {"given_name": 7, "email_addresses": [{"address": "r@example.org"}]}},
    {"person": {"given_name": "Rosa", "email_addresses": [{"address": "r@example.org"}]},
     "alianza:answers": {"999999": "x"}},
    {},
])
def test_bad_attendance_bodies_are_400s_and_write_nothing(osdi_post, body):
    event = event_create()
    response = osdi_post(f"events/{event.uuid}/attendances", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert not Registration.objects.exists()


def test_malformed_json_is_a_400(osdi_post):
    event = event_create()
    response = osdi_post(f"events/{event.uuid}/attendances", raw=b"{not json")
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_a_read_only_token_cannot_record_attendances(osdi_post, osdi_token):
    event = event_create()
    token = osdi_token(("events:read",))
    response = osdi_post(f"events/{event.uuid}/attendances", _rosa(), token=token)
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_token_without_the_events_scope_cannot_read_events(osdi_get, osdi_token):
    event_create()
    assert osdi_get("events", token=osdi_token(("people:read",))).status_code == 403


def test_foreign_identifiers_given_with_an_attendance_find_it_again(osdi_post, osdi_get,
                                                                    smtp_server):
    event = event_create()
    body = osdi_post(f"events/{event.uuid}/attendances",
                     _rosa(identifiers=["action_network:abc-123"])).json()
    assert "action_network:abc-123" in body["identifiers"]
    found = osdi_get(f"events/{event.uuid}/attendances/action_network:abc-123")
    assert found.status_code == 200


def test_a_persons_attendances_include_registrations_made_with_their_address(
        osdi_get, osdi_post, smtp_server):
    person = Person.objects.create(email="rosa@example.org", name="Rosa Martínez")
    event = event_create()
    other = event_create()
    registration_create(other, email="someone@example.org")
    recorded = osdi_post(f"events/{event.uuid}/attendances", _rosa()).json()

    assert recorded["_links"]["osdi:person"]["href"].endswith(f"/people/{person.uuid}")
    body = osdi_get(f"people/{person.uuid}/attendances").json()
    assert [a["identifiers"] for a in body["_embedded"]["osdi:attendances"]] == [
        recorded["identifiers"]]
    one = osdi_get(f"people/{person.uuid}/attendances/{recorded['identifiers'][0]}")
    assert one.status_code == 200
    assert osdi_get(f"people/{person.uuid}/attendances/"
                    f"{Registration.objects.get(event=other).uuid}").status_code == 404


def test_an_unknown_persons_attendances_are_a_404(osdi_get):
    response = osdi_get("people/00000000-0000-0000-0000-000000000000/attendances")
    assert response.status_code == 404 and response.json()["error"]


def test_a_page_of_events_or_attendances_takes_the_same_queries_for_1_or_25_rows(
        api_client):
    # A full page must not cost a query per row (N+1): compare one row with 25.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get(path).status_code == 200
        return len(captured)

    event = event_create()
    registration_create(event)
    # The first requests fill per-process caches (content types).
    queries("events"), queries(f"events/{event.uuid}/attendances")
    one_event, one_attendance = queries("events"), queries(f"events/{event.uuid}/attendances")
    for _ in range(24):
        event_create()
        registration_create(event)
    assert queries("events") == one_event
    assert queries(f"events/{event.uuid}/attendances") == one_attendance
