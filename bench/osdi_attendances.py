"""Paging through an event's attendances with the OSDI API, against a raw SQL read of the
same rows, and recording attendances through the API against the registration service.

    .venv/bin/python bench/osdi_attendances.py       # 20,000 registrations, one run

Options: --registrations N, --posts P (default 200), --workers W (gunicorn, default 2).
Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the database ``BENCH_DB``, default
``alianza_bench``, is dropped and created). One client follows ``_links.next`` from the
first page to the last over one keep-alive connection, at 25 a page and at the largest
page size. Then P attendances are POSTed (record attendance helper) to an event with room
for half of them, so the rest join the waitlist, and P more registrations are made by
calling ``registration_create`` in this process: the ratio is the API's own cost.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from urllib.parse import urlsplit

import osdi_common
import web_common as common

BATCH = 5000


def event_seed(slug: str, capacity: int | None):
    from django.utils import timezone

    from alianza.convenings.models import Event, EventText

    starts = timezone.now() + timedelta(days=30)
    event = Event.objects.create(slug=slug, starts_at=starts, ends_at=starts + timedelta(hours=3),
                                 capacity=capacity, is_published=True,
                                 venue_name="Sacramento Convention Center",
                                 address="1400 J St\nSacramento, CA 95814")
    EventText.objects.create(event=event, language="en", title="Spring Convening")
    EventText.objects.create(event=event, language="es", title="Convocatoria de primavera")
    return event


def registrations_seed(event, count: int) -> float:
    from django.utils import timezone

    from alianza.convenings.models import Registration

    started = time.perf_counter()
    now = timezone.now()
    for start in range(0, count, BATCH):
        Registration.objects.bulk_create([
            Registration(event=event, name=f"Person {i}", email=f"person{i}@example.org",
                         language=("en", "es")[i % 2], confirmed_at=now)
            for i in range(start, min(start + BATCH, count))])
    return time.perf_counter() - started


def page_through(secret: str, path: str, per_page: int, expected: int) -> float:
    client = osdi_common.Client(secret)
    path = f"{path}?per_page={per_page}"
    seen = 0
    started = time.perf_counter()
    while path:
        status, body = client.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body}")
        seen += len(body["_embedded"]["osdi:attendances"])
        following = body["_links"].get("next")
        path = None
        if following:
            parts = urlsplit(following["href"])
            path = f"{parts.path}?{parts.query}"
    elapsed = time.perf_counter() - started
    client.close()
    if seen != expected:
        raise RuntimeError(f"saw {seen} attendances, expected {expected}")
    return elapsed


def raw_read(event_id: int) -> tuple[float, int]:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(common.DATABASE_URL.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT id, uuid, status, waitlist_position, language, attended_at, is_walk_in, "
            "created_at, modified_at, email, person_id FROM convenings_registration "
            "WHERE event_id = %s ORDER BY id", [event_id]).fetchall()
    return time.perf_counter() - started, len(rows)


def post_attendances(secret: str, event, count: int) -> float:
    client = osdi_common.Client(secret)
    started = time.perf_counter()
    for i in range(count):
        status, body = client.request("POST", f"/api/osdi/v1/events/{event.uuid}/attendances", {
            "person": {"given_name": "Api", "family_name": f"Person {i}",
                       "email_addresses": [{"address": f"api{i}@example.org"}],
                       "languages_spoken": [("en", "es")[i % 2]]}})
        if status != 200:
            raise RuntimeError(f"POST {i}: {status} {body}")
    elapsed = time.perf_counter() - started
    client.close()
    return elapsed


def service_registrations(event, count: int) -> float:
    from alianza.convenings.services import registration_create

    started = time.perf_counter()
    for i in range(count):
        registration_create(event=event, name=f"Service Person {i}",
                            email=f"service{i}@example.org", language=("en", "es")[i % 2])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    common.database_reset()
    common.django_setup()
    big = event_seed("big-convening", None)
    seeded = registrations_seed(big, args.registrations)
    secret = osdi_common.token_secret()
    from django.conf import settings

    largest = settings.OSDI_MAX_PER_PAGE
    n = args.registrations
    print(f"{n:,} registrations seeded in {seeded:.1f} s; load {common.load_average()}")
    raw_seconds, raw_rows = raw_read(big.pk)
    print(f"raw SQL read: {raw_rows:,} rows in {raw_seconds:.2f} s = "
          f"{raw_rows / raw_seconds:,.0f} rows/s")
    path = f"/api/osdi/v1/events/{big.uuid}/attendances"
    with common.gunicorn(args.workers, env={"OSDI_RATE_LIMIT": ""}):
        for per_page in (25, largest):
            seconds = page_through(secret, path, per_page, n)
            pages = -(-n // per_page)
            print(f"API, {per_page} a page: {n:,} attendances in {pages:,} pages, "
                  f"{seconds:.1f} s = {n / seconds:,.0f} attendances/s "
                  f"({seconds / pages * 1000:.1f} ms a page; raw SQL is "
                  f"{(raw_rows / raw_seconds) / (n / seconds):,.0f}x faster)")
        api_event = event_seed("api-convening", args.posts // 2)
        api_seconds = post_attendances(secret, api_event, args.posts)
    service_event = event_seed("service-convening", args.posts // 2)
    service_seconds = service_registrations(service_event, args.posts)
    print(f"POST attendances: {args.posts} in {api_seconds:.1f} s = "
          f"{api_seconds / args.posts * 1000:.1f} ms each (half waitlisted); "
          f"registration_create in-process: {service_seconds / args.posts * 1000:.1f} ms each; "
          f"API/service = {api_seconds / service_seconds:.1f}x")
    print(f"load {common.load_average()}")


if __name__ == "__main__":
    sys.exit(main())
