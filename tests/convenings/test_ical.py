"""Calendar files: valid RFC 5545 read back by two independent parsers."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
import vobject

from alianza.convenings.services import (
    event_cancel,
    event_update_notify,
    registration_create,
)
from tests.convenings import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _parse_both(text: str):
    calendar = icalendar.Calendar.from_ical(text)
    parsed = vobject.readOne(text)
    return calendar, parsed


def test_an_events_ics_is_valid_with_its_time_zone_and_no_online_link(client):
    event = factories.event_create(online_url="https://meet.example.org/secret",
                                   time_zone="America/New_York")

    response = client.get(f"/en/events/{event.slug}/event.ics")

    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    calendar, parsed = _parse_both(text)
    vevent = calendar.walk("VEVENT")[0]
    assert vevent["DTSTART"].params["TZID"] == "America/New_York"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert str(vevent["SUMMARY"]) == "Spring Convening"
    assert parsed.vevent.dtstart.value == event.starts_at
    assert parsed.vevent.uid.value == f"{event.uid}@127.0.0.1"
    assert "secret" not in text


def test_the_spanish_feed_lists_upcoming_events_in_spanish(client):
    factories.event_create(slug="soon")
    factories.event_create(slug="over", starts_in=timedelta(days=-3))
    factories.event_create(slug="hidden", is_published=False)

    text = client.get("/es/events/calendar.ics").content.decode()

    calendar, parsed = _parse_both(text)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Convocatoria de primavera"]
    assert len(parsed.vevent_list) == 1


def test_the_index_links_its_feed_for_subscription(client):
    page = client.get("/es/events/").content.decode()

    assert '<link rel="alternate" type="text/calendar"' in page
    assert "/es/events/calendar.ics" in page


def _invite(message, name="invite.ics"):
    part = next(p for p in message.iter_attachments() if p.get_filename() == name)
    return part.get_content()


def test_a_confirmation_invitation_names_organizer_and_attendee(smtp_server):
    event = factories.event_create(online_url="https://meet.example.org/abc", venue_name="",
                                   address="")

    registration_create(event=event, name="Rosa Díaz", email="rosa@example.org", language="es")

    text = _invite(smtp_server.to("rosa@example.org")[0])
    calendar, parsed = _parse_both(text)
    assert calendar["METHOD"] == "REQUEST"
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["ATTENDEE"]) == "mailto:rosa@example.org"
    assert vevent["ATTENDEE"].params["CN"] == "Rosa Díaz"
    assert str(vevent["ORGANIZER"]).startswith("mailto:")
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["LOCATION"]) == "https://meet.example.org/abc"
    assert parsed.vevent.summary.value == "Convocatoria de primavera"


def test_a_change_sends_every_confirmed_registrant_a_higher_sequence(smtp_server, staff_user):
    event = factories.event_create(capacity=1)
    registration_create(event=event, name="Ana", email="ana@example.org", language="en")
    registration_create(event=event, name="Beto", email="beto@example.org", language="en")
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.save()

    told = event_update_notify(event=event, changed_by=staff_user)

    assert told == 1
    message = smtp_server.to("ana@example.org")[-1]
    assert "Event updated" in message["Subject"]
    calendar, _parsed = _parse_both(_invite(message))
    vevent = calendar.walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == 1 and vevent.decoded("DTSTART") == event.starts_at
    assert len(smtp_server.to("beto@example.org")) == 1  # only the waitlist email


def test_cancelling_an_event_withdraws_it_from_every_calendar(smtp_server, staff_user, client):
    event = factories.event_create(capacity=1)
    registration_create(event=event, name="Ana", email="ana@example.org", language="es")
    registration_create(event=event, name="Beto", email="beto@example.org", language="en")

    assert event_cancel(event=event, cancelled_by=staff_user) == 2
    assert event_cancel(event=event, cancelled_by=staff_user) == 0

    message = smtp_server.to("ana@example.org")[-1]
    assert "Evento cancelado" in message["Subject"]
    calendar, parsed = _parse_both(_invite(message, "cancel.ics"))
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1
    assert parsed.vevent.status.value == "CANCELLED"
    assert len(smtp_server.to("beto@example.org")) == 2
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "This event has been cancelled." in page and "EventCancelled" in page
