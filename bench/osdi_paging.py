"""Paging through 100,000 people with the OSDI API, against a raw SQL read of the same rows.

    .venv/bin/python bench/osdi_paging.py            # 100,000 people, one run

Then the same walks in this process (Django's test client, 200 pages from the first and 200
from the middle), in CPU seconds of this process a page, which do not depend on the load.

Options: --people N, --workers W (gunicorn, default 2), --seconds S (stop each pass after S
seconds and report the rate so far: on a busy machine a full pass at 25 a page takes long),
--reuse (keep the database of the previous run instead of seeding again), --in-process-only
(with --reuse: only the in-process walks). Needs PostgreSQL
on 127.0.0.1:5432 with trust auth (the database ``alianza_bench`` is dropped and created).
One client follows ``_links.next`` from the first page to the last, over one keep-alive
connection, at 25 people a page (the default) and at the largest page size; the raw read is one
``SELECT`` of the same columns ordered by id, through psycopg in this process.
"""

from __future__ import annotations

import argparse
import sys
import time
from urllib.parse import urlsplit

import osdi_common
import web_common as common


def page_through(secret: str, per_page: int, expected: int,
                 seconds: float | None) -> tuple[float, int]:
    client = osdi_common.Client(secret)
    path = f"/api/osdi/v1/people?per_page={per_page}"
    seen = 0
    started = time.perf_counter()
    while path:
        if seconds is not None and time.perf_counter() - started > seconds:
            break
        status, body = client.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body}")
        seen += len(body["_embedded"]["osdi:people"])
        following = body["_links"].get("next")
        path = None
        if following:
            parts = urlsplit(following["href"])
            path = f"{parts.path}?{parts.query}"
    elapsed = time.perf_counter() - started
    client.close()
    if path is None and seen != expected:
        raise RuntimeError(f"saw {seen} people, expected {expected}")
    return elapsed, seen


def in_process(secret: str, per_page: int, people: int, pages: int = 200) -> None:
    client = osdi_common.in_process_client(secret)
    middle = people // per_page // 2
    for first in (1, middle):
        def page(i: int, first: int = first) -> None:
            i = max(i, 0)  # the warm-up call asks for the first page too
            answer = client.get(f"/api/osdi/v1/people?per_page={per_page}&page={first + i}")
            if answer.status_code != 200:
                raise RuntimeError(answer.content[:300])
        started = time.perf_counter()
        cpu, queries = osdi_common.cpu_per_call(page, pages)
        wall = (time.perf_counter() - started) / pages
        print(f"in process, {per_page} a page, pages {first:,}-{first + pages - 1:,}: "
              f"{cpu * 1000:.1f} ms CPU a page = {per_page / cpu:,.0f} people per CPU-second, "
              f"{queries} queries a page; {wall * 1000:.1f} ms a page with the database's "
              f"time (load-dependent)")


def raw_read() -> tuple[float, int]:
    import psycopg

    started = time.perf_counter()
    cpu = time.process_time()
    with psycopg.connect(common.DATABASE_URL.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT id, uuid, name, email, phone, preferred_language, county_code, county, "
            "district_code, import_extra, created_at, modified_at FROM coalition_person "
            "ORDER BY id").fetchall()
    cpu = time.process_time() - cpu
    print(f"raw SQL read: {len(rows) / cpu:,.0f} rows per CPU-second of this process")
    return time.perf_counter() - started, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--in-process-only", action="store_true",
                        help="skip the raw read and the server: only the in-process walks")
    args = parser.parse_args()
    if not args.reuse:
        common.database_reset()
    common.django_setup()
    from alianza.coalition.models import Person

    seeded = 0.0 if args.reuse else osdi_common.people_seed(args.people)
    if not args.reuse:
        from django.db import connection

        with connection.cursor() as cursor:  # as autovacuum would soon after a real import
            cursor.execute("VACUUM ANALYZE")
    args.people = Person.objects.count()
    secret = osdi_common.token_secret(reuse=args.reuse)
    from django.conf import settings

    largest = settings.OSDI_MAX_PER_PAGE
    print(f"{args.people:,} people seeded in {seeded:.1f} s; load {common.load_average()}")
    if args.in_process_only:
        for per_page in (25, largest):
            in_process(secret, per_page, args.people)
        return
    raw_seconds, raw_rows = raw_read()
    print(f"raw SQL read: {raw_rows:,} rows in {raw_seconds:.2f} s = "
          f"{raw_rows / raw_seconds:,.0f} rows/s")
    with common.gunicorn(args.workers, env={"OSDI_RATE_LIMIT": ""}):
        for per_page in (25, largest):
            seconds, seen = page_through(secret, per_page, args.people, args.seconds)
            pages = -(-seen // per_page)
            print(f"API, {per_page} a page: {seen:,} of {args.people:,} people in {pages:,} "
                  f"pages, {seconds:.1f} s = {seen / seconds:,.0f} people/s "
                  f"({seconds / pages * 1000:.1f} ms a page; raw SQL is "
                  f"{(raw_rows / raw_seconds) / (seen / seconds):,.0f}x faster)")
    for per_page in (25, largest):
        in_process(secret, per_page, args.people)
    print(f"load {common.load_average()}")


if __name__ == "__main__":
    sys.exit(main())
