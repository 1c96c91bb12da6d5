"""The demo events load quickly and twice changes nothing."""

from __future__ import annotations

import datetime
import time
from io import StringIO

import pytest
from django.core.management import call_command

from alianza.convenings.models import Event, Registration
from alianza.convenings.selectors_staff import attendance

pytestmark = pytest.mark.django_db


def test_the_demo_events_load_fast_and_twice_changes_nothing():
    started = time.monotonic()
    call_command("events_demo", stdout=StringIO())
    elapsed = time.monotonic() - started
    counts = (Event.objects.count(), Registration.objects.count())
    call_command("events_demo", stdout=StringIO())
    assert (Event.objects.count(), Registration.objects.count()) == counts
    assert elapsed < 5
    webinar = attendance(Event.objects.get(slug="funding-webinar"))
    assert (webinar.capacity, webinar.registered, webinar.waitlisted) == (40, 38, 2)
    convening = Event.objects.get(slug="spring-convening")
    assert convening.interpretation == "es" and convening.starts_at > datetime.datetime.now(
        datetime.UTC)
    assert Event.objects.get(slug="reunion-comunitaria-fresno").languages_offered == "es"
    past = attendance(Event.objects.get(slug="winter-convening-2024"))
    assert past.attended == 24 and past.no_shows == 6
    assert all(r.email.endswith("@example.org") for r in Registration.objects.all())


def test_the_past_convening_gets_the_library_recording_when_it_exists():
    from alianza.library.models import Resource

    recording = Resource.objects.create(slug="convening-2024-recording", kind="recording",
                                        published_on=datetime.date(2024, 2, 9))
    call_command("events_demo", stdout=StringIO())
    call_command("events_demo", stdout=StringIO())
    assert list(Event.objects.get(slug="winter-convening-2024").resources.all()) == [recording]
