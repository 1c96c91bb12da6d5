"""Paging through 100,000 people with the OSDI API, against a raw SQL read of the same rows.

    .venv/bin/python bench/osdi_paging.py            # 100,000 people, one run

Options: --people N, --workers W (gunicorn, default 2). Needs PostgreSQL on 127.0.0.1:5432
with trust auth (the database ``alianza_bench`` is dropped and created). One client
follows ``_links.next`` from the first page to the last, over one keep-alive connection,
at 25 people a page (the default) and at the largest page size; the raw read is one
``SELECT`` of the same columns ordered by id, through psycopg in this process.
"""

from __future__ import annotations

import argparse
import sys
import time
from urllib.parse import urlsplit

import osdi_common
import web_common as common


def page_through(secret: str, per_page: int, expected: int) -> float:
    client = osdi_common.Client(secret)
    path = f"/api/osdi/v1/people?per_page={per_page}"
    seen = 0
    started = time.perf_counter()
    while path:
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
    if seen != expected:
        raise RuntimeError(f"saw {seen} people, expected {expected}")
    return elapsed


def raw_read() -> tuple[float, int]:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(common.DATABASE_URL.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT id, uuid, name, email, phone, preferred_language, county_code, county, "
            "district_code, import_extra, created_at, modified_at FROM coalition_person "
            "ORDER BY id").fetchall()
    return time.perf_counter() - started, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    common.database_reset()
    common.django_setup()
    seeded = osdi_common.people_seed(args.people)
    secret = osdi_common.token_secret()
    from django.conf import settings

    largest = settings.OSDI_MAX_PER_PAGE
    print(f"{args.people:,} people seeded in {seeded:.1f} s; load {common.load_average()}")
    raw_seconds, raw_rows = raw_read()
    print(f"raw SQL read: {raw_rows:,} rows in {raw_seconds:.2f} s = "
          f"{raw_rows / raw_seconds:,.0f} rows/s")
    with common.gunicorn(args.workers, env={"OSDI_RATE_LIMIT": ""}):
        for per_page in (25, largest):
            seconds = page_through(secret, per_page, args.people)
            pages = -(-args.people // per_page)
            print(f"API, {per_page} a page: {args.people:,} people in {pages:,} pages, "
                  f"{seconds:.1f} s = {args.people / seconds:,.0f} people/s "
                  f"({seconds / pages * 1000:.1f} ms a page; raw SQL is "
                  f"{(raw_rows / raw_seconds) / (args.people / seconds):,.0f}x faster)")
    print(f"load {common.load_average()}")


if __name__ == "__main__":
    sys.exit(main())
