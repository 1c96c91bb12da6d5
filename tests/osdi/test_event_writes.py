"""Changing events and attendances through the API: the staff editor's fields and rules for
an event, declining for an attendance, tags on the registrant, and the deletions Action
Network does not allow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Person
from alianza.convenings.models import Event, EventText, Registration
from alianza.outreach.models import Tag, Tagging
from tests.convenings.factories import event_create, registration_create

pytestmark = pytest.mark.django_db


def _rosa(**extra) -> dict:
    return {"person": {"given_name": "Rosa", "family_name": "Martínez",
                       "email_addresses": [{"address": "rosa@example.org"}],
                       "languages_spoken": ["es"]}, **extra}


def _unchanged(event: Event) -> tuple:
    event.refresh_from_db()
    return (event.starts_at, event.ends_at, event.capacity, event.venue_name, event.address,
            event.updated_at, tuple(EventText.objects.filter(event=event)
                                    .values_list("language", "title", "description")))


def test_each_event_links_its_record_attendance_helper_to_the_post_that_records_one(
        osdi_get, osdi_post):
    event = event_create()
    helper = osdi_get(f"events/{event.uuid}").json()["_links"][
        "osdi:record_attendance_helper"]["href"]
    assert osdi_post(helper, _rosa()).status_code == 200
    assert Registration.objects.filter(event=event, email="rosa@example.org").exists()


def test_an_events_time_place_capacity_and_title_change_through_put(osdi_put):
    event = event_create(capacity=10)
    starts = (timezone.now() + timedelta(days=30)).replace(microsecond=0, second=0)
    response = osdi_put(f"events/{event.uuid}", {
        "title": "Spring Convening (new date)", "capacity": 20,
        "start_date": starts.isoformat(), "end_date": (starts + timedelta(hours=2)).isoformat(),
        "location": {"venue": "Fresno Library", "address_lines": ["2420 Mariposa St",
                                                                  "Fresno, CA 93721"]},
        "alianza:texts": {"es": {"title": "Convocatoria (nueva fecha)"}},
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Spring Convening (new date)" and body["capacity"] == 20
    assert body["start_date"] == starts.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["location"] == {"venue": "Fresno Library",
                                "address_lines": ["2420 Mariposa St", "Fresno, CA 93721"]}
    assert body["alianza:texts"]["es"]["title"] == "Convocatoria (nueva fecha)"
    # Fields left out keep their value.
    assert body["alianza:texts"]["en"]["description"] == "Panels, workshops and lunch."
    event.refresh_from_db()
    assert event.capacity == 20 and event.starts_at == starts


def test_registrants_are_told_of_a_new_time_as_when_staff_change_it(
        osdi_put, smtp_server, django_capture_on_commit_callbacks):
    event = event_create()
    registration_create(event, email="ana@example.org", language="en")
    later = event.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = osdi_put(f"events/{event.uuid}", {
            "start_date": later.isoformat(),
            "end_date": (later + timedelta(hours=3)).isoformat()})
    assert response.status_code == 200, response.content
    assert "Event updated" in smtp_server.to("ana@example.org")[-1]["Subject"]


def test_a_null_capacity_removes_the_limit_and_gives_the_waitlist_seats(osdi_put):
    event = event_create(capacity=1)
    registration_create(event)
    waiting = registration_create(event, status=Registration.Status.WAITLISTED,
                                  waitlist_position=1)
    response = osdi_put(f"events/{event.uuid}", {"capacity": None})
    assert response.status_code == 200, response.content
    assert response.json()["capacity"] is None
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("body", [
    {"capacity": "many"},                                   # wrong type
    {"capacity": 0},                                        # out of range
    {"name": "renamed"},                                    # not editable here
    {"visibility": "private"},                              # unknown field
    {"start_date": "next tuesday"},                         # not a date
    {"end_date": "2020-01-01T10:00:00Z"},                   # ends before it starts
    {"title": ""},                                          # the default language's title
    {"location": {"venue": "", "address_lines": []}},       # no place at all
    {"alianza:time_zone": "Mars/Olympus_Mons"},
    {"alianza:texts": {"fr": {"title": "Convocation"}}},    # not a site language
    {"alianza:texts": {"es": {"summary": "Sin título"}}, "title_es": "x"},
    {"alianza:registration_deadline": "9999-12-31T23:59:59-12:00"},
])
def test_bad_event_changes_are_400s_and_change_nothing(osdi_put, body):
    event = event_create()
    before = _unchanged(event)
    response = osdi_put(f"events/{event.uuid}", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert _unchanged(event) == before


def test_an_events_errors_come_in_the_clients_language(api_client):
    event = event_create()
    response = api_client.client.put(
        f"/api/osdi/v1/events/{event.uuid}", data='{"end_date": "2020-01-01T10:00:00Z"}',
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="es",
        HTTP_OSDI_API_TOKEN=api_client.token)
    assert response.status_code == 400
    assert "end_date" in response.json()["error"]
    assert "termin" in response.json()["error"].lower()


def test_a_read_only_token_cannot_change_events_or_attendances(osdi_put, osdi_token):
    event = event_create()
    registration = registration_create(event)
    before = _unchanged(event)
    token = osdi_token(("events:read",))
    assert osdi_put(f"events/{event.uuid}", {"capacity": 5}, token=token).status_code == 403
    response = osdi_put(f"events/{event.uuid}/attendances/{registration.uuid}",
                        {"status": "declined"}, token=token)
    assert response.status_code == 403 and response.json()["error"]
    assert _unchanged(event) == before
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_declining_an_attendance_cancels_it_and_gives_the_seat_to_the_waitlist(osdi_put):
    event = event_create(capacity=1)
    seated = registration_create(event)
    waiting = registration_create(event, status=Registration.Status.WAITLISTED,
                                  waitlist_position=1)
    response = osdi_put(f"events/{event.uuid}/attendances/{seated.uuid}",
                        {"status": "declined"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "declined"
    assert response.json()["alianza:status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    # Declining again changes nothing.
    again = osdi_put(f"events/{event.uuid}/attendances/{seated.uuid}", {"status": "declined"})
    assert again.status_code == 200


@pytest.mark.parametrize("body", [{"status": "accepted"}, {"status": 3}, {},
                                  {"status": "declined", "comment": "x"}])
def test_other_attendance_changes_are_400s_and_change_nothing(osdi_put, body):
    event = event_create()
    registration = registration_create(event)
    response = osdi_put(f"events/{event.uuid}/attendances/{registration.uuid}", body)
    assert response.status_code == 400 and response.json()["error"]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_an_attendance_of_another_event_cannot_be_declined_under_this_one(osdi_put):
    registration = registration_create(event_create())
    other = event_create()
    response = osdi_put(f"events/{other.uuid}/attendances/{registration.uuid}",
                        {"status": "declined"})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_events_and_attendances_cannot_be_deleted(osdi_delete):
    event = event_create()
    registration = registration_create(event)
    for path in (f"events/{event.uuid}", f"events/{event.uuid}/attendances/{registration.uuid}"):
        response = osdi_delete(path)
        assert response.status_code == 405
        assert "PUT" in response["Allow"]
        assert response.json()["error"]
    assert Event.objects.filter(pk=event.pk).exists()
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_add_tags_on_an_attendance_tag_the_registrants_record(osdi_post):
    Tag.objects.create(slug="parent-leader", name="Parent leader")
    person = Person.objects.create(name="Rosa Martínez", email="rosa@example.org")
    event = event_create()
    response = osdi_post(f"events/{event.uuid}/attendances",
                         _rosa(add_tags=["Parent Leader", "no such tag"]))
    assert response.status_code == 200, response.content
    assert list(Tagging.objects.filter(person=person).values_list("tag__slug", flat=True)) \
        == ["parent-leader"]


def test_add_tags_create_no_person_for_an_address_without_a_record(osdi_post):
    Tag.objects.create(slug="volunteer", name="Volunteer")
    event = event_create()
    response = osdi_post(f"events/{event.uuid}/attendances", _rosa(add_tags=["volunteer"]))
    assert response.status_code == 200, response.content
    assert not Person.objects.exists() and not Tagging.objects.exists()


@pytest.mark.parametrize("add_tags", ["volunteer", [1, 2], ["x"] * 51])
def test_bad_add_tags_on_an_attendance_are_400s_and_write_nothing(osdi_post, add_tags):
    event = event_create()
    response = osdi_post(f"events/{event.uuid}/attendances", _rosa(add_tags=add_tags))
    assert response.status_code == 400 and response.json()["error"]
    assert not Registration.objects.exists()


def test_a_closed_event_takes_no_attendance_even_with_tags(osdi_post):
    Tag.objects.create(slug="volunteer", name="Volunteer")
    person = Person.objects.create(name="Rosa Martínez", email="rosa@example.org")
    event = event_create(registration_deadline=timezone.now() - timedelta(hours=1))
    response = osdi_post(f"events/{event.uuid}/attendances", _rosa(add_tags=["volunteer"]))
    assert response.status_code == 400 and response.json()["error"]
    assert not Registration.objects.exists()
    assert not Tagging.objects.filter(person=person).exists()
