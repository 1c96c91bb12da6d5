"""Changes staff make that registrants must hear about: a new time or place, a
cancellation, a higher capacity. Emails are read from a real SMTP server."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.convenings.models import Event
from tests.convenings.staff_factories import coalition_staff_client, make_event, register
from tests.convenings.test_staff_events import event_post

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


@pytest.fixture
def coordinator(django_user_model):
    return coalition_staff_client(django_user_model)


def edit_post(event: Event, **changes) -> dict:
    local = event.starts_at.astimezone(event.tz)
    ends = event.ends_at.astimezone(event.tz)
    data = event_post(**{
        "kind": event.kind, "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": ends.strftime("%Y-%m-%dT%H:%M"), "registration_deadline": "",
        "venue_name": event.venue_name, "address": event.address, "online_url": "",
        "capacity": str(event.capacity or ""), "interpretation": "",
        "title_en": "Spring Convening for English Learners",
        "title_es": "Convocatoria de primavera", "summary_en": "",
        "questions-TOTAL_FORMS": "0"})
    data.pop("slug")
    data.update(changes)
    return data


def test_moving_a_published_event_emails_every_confirmed_registrant(coordinator, smtp_server):
    event = make_event(capacity=10)
    register(event, "Ana Ruiz", email="ana@example.org", language="es")
    register(event, "Tomás Vega", email="tomas@example.org")
    register(event, "Waiting Person", email="wait@example.org", status="waitlisted",
             position=1)
    response = coordinator.post(reverse("events-staff-edit", args=[event.pk]),
                                edit_post(event, venue_name="Fresno Community Hall"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.venue_name == "Fresno Community Hall" and event.sequence == 1
    assert len(smtp_server.to("ana@example.org")) == 1
    assert len(smtp_server.to("tomas@example.org")) == 1
    assert smtp_server.to("wait@example.org") == []
    assert "Fresno Community Hall" in smtp_server.body(smtp_server.to("tomas@example.org")[0])


def test_a_change_nobody_needs_to_hear_about_sends_nothing(coordinator, smtp_server):
    event = make_event()
    register(event, "Ana Ruiz", email="ana@example.org")
    response = coordinator.post(reverse("events-staff-edit", args=[event.pk]),
                                edit_post(event, summary_en="Now with a summary."))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 0 and smtp_server.messages == []


def test_raising_the_capacity_promotes_the_waitlist_in_order(coordinator, smtp_server):
    event = make_event(capacity=2)
    register(event, "Ana Ruiz")
    register(event, "Tomás Vega")
    third = register(event, "Third Person", email="third@example.org",
                     status="waitlisted", position=1)
    fourth = register(event, "Fourth Person", email="fourth@example.org",
                      status="waitlisted", position=2)
    fifth = register(event, "Fifth Person", email="fifth@example.org",
                     status="waitlisted", position=3)
    response = coordinator.post(reverse("events-staff-edit", args=[event.pk]),
                                edit_post(event, capacity="4"))
    assert response.status_code == 302
    for person in (third, fourth, fifth):
        person.refresh_from_db()
    assert (third.status, fourth.status, fifth.status) == ("confirmed", "confirmed",
                                                           "waitlisted")
    assert third.promoted_at <= fourth.promoted_at
    assert len(smtp_server.to("third@example.org")) == 1
    assert smtp_server.to("fifth@example.org") == []


def test_cancelling_needs_a_confirmation_then_tells_everyone(coordinator, smtp_server):
    event = make_event()
    register(event, "Ana Ruiz", email="ana@example.org")
    url = reverse("events-staff-cancel", args=[event.pk])
    page = coordinator.get(url)
    assert "1 person is registered." in page.content.decode()
    refused = coordinator.post(url, {})
    assert refused.status_code == 400
    assert "Tick the box to confirm the cancellation." in refused.content.decode()
    event.refresh_from_db()
    assert not event.is_cancelled and smtp_server.messages == []
    assert coordinator.post(url, {"confirm": "on"}).status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    assert len(smtp_server.to("ana@example.org")) == 1
    coordinator.post(url, {"confirm": "on"})
    assert len(smtp_server.to("ana@example.org")) == 1
