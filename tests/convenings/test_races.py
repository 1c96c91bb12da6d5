"""Many people registering for the last seats at the same moment, each request on its own
database connection (PostgreSQL: the event row lock is what keeps the count right)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from alianza.convenings.models import Registration
from alianza.convenings.services import registration_cancel, registration_create
from tests.convenings import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (DATABASE_URL): SQLite serializes writers anyway.")


def _all_at_once(count: int, work) -> list:
    barrier = threading.Barrier(count)

    def run(n: int):
        try:
            barrier.wait()
            return work(n)
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_thirty_people_racing_for_five_seats_never_oversell():
    _postgresql_only()
    event = factories.event_create(capacity=5)

    _all_at_once(30, lambda n: registration_create(
        event=event, name=f"Person {n}", email=f"p{n}@example.org", language="en"))

    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 5 and statuses.count("waitlisted") == 25
    positions = sorted(Registration.objects.filter(event=event, status="waitlisted")
                       .values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 26))


def test_the_same_address_submitted_twenty_times_at_once_registers_once():
    _postgresql_only()
    event = factories.event_create(capacity=5)

    outcomes = _all_at_once(20, lambda n: registration_create(
        event=event, name="Rosa", email="rosa@example.org", language="en"))

    assert Registration.objects.filter(event=event).count() == 1
    assert sum(o.created for o in outcomes) == 1


def test_cancellations_racing_new_registrations_keep_the_seat_count_exact():
    _postgresql_only()
    event = factories.event_create(capacity=5)
    holders = [registration_create(event=event, name=f"H{n}", email=f"h{n}@example.org",
                                   language="en").registration for n in range(5)]

    def work(n: int):
        if n < 5:
            return registration_cancel(registration=holders[n])
        return registration_create(event=event, name=f"N{n}", email=f"n{n}@example.org",
                                   language="en")

    _all_at_once(25, work)

    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    waiting = Registration.objects.filter(event=event, status="waitlisted").count()
    assert confirmed == 5 and waiting == 15
