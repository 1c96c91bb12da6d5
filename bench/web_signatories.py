"""Latency of the public signatories page with 20,000 listed, confirmed signatories.

    .venv/bin/python bench/web_signatories.py       # 4 gunicorn workers, 10 s per page

Options: --workers N, --threads N (gthread workers), --seconds S, --connections C,
--listed N. Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the database
``alianza_bench`` is dropped and created) and Debian's wrk (``apt-get install wrk``).

Besides the listed signatories the database holds unlisted and unconfirmed ones (a
quarter as many each), which the page must filter out. Measured: the first page, a page
deep in the list, and a search.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

import web_common as common

FIRST = ["Ana", "Luis", "María", "José", "Guadalupe", "Minh", "Wei", "Fatima", "Sarah", "David"]
LAST = ["García", "Nguyen", "López", "Smith", "Hernández", "Chen", "Martínez", "Kim", "Patel"]


def signatories_seed(*, listed: int) -> dict[str, int]:
    """``listed`` listed confirmed signatures (one in ten for an organization), plus others."""
    from django.utils import timezone

    from alianza.coalition.models import Organization, Person, Signature, Statement

    statement = Statement.objects.get()
    version = statement.versions.get()
    now = timezone.now()
    unlisted = pending = listed // 4
    total = listed + unlisted + pending
    people = Person.objects.bulk_create(
        [Person(name=f"{FIRST[i % len(FIRST)]} {LAST[(i // 10) % len(LAST)]} {i}",
                email=f"signer{i}@example.org", preferred_language="es" if i % 3 else "en",
                email_confirmed_at=now)
         for i in range(total)],
        batch_size=2000,
    )
    organizations = Organization.objects.bulk_create(
        [Organization(name=f"Familias Unidas {i}", normalized_name=f"familias unidas {i}",
                      kind="parent_group") for i in range(0, listed, 10)],
        batch_size=2000,
    )
    signatures = []
    for i, person in enumerate(people):
        if i < listed:
            status, is_listed = Signature.Status.CONFIRMED, True
        elif i < listed + unlisted:
            status, is_listed = Signature.Status.CONFIRMED, False
        else:
            status, is_listed = Signature.Status.PENDING, True
        signatures.append(Signature(
            statement=statement, version=version, person=person,
            organization=organizations[i // 10] if i < listed and i % 10 == 0 else None,
            title="Parent" if i % 2 else "Teacher", status=status, listed=is_listed,
            language=person.preferred_language, source="bench",
            confirmed_at=now - timedelta(seconds=i) if status == "confirmed" else None,
        ))
    Signature.objects.bulk_create(signatures, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"listed": listed, "unlisted": unlisted, "pending": pending}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--listed", type=int, default=20_000)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 256:
        parser.error("keep the run bounded: 1–120 s and 1–256 connections")

    common.database_reset()
    common.django_setup()
    common.statement_seed()
    counts = signatories_seed(listed=args.listed)
    print(f"machine: {common.machine()}")
    print(f"server: gunicorn alianza.wsgi -w {args.workers}"
          + (f" --threads {args.threads} (gthread)" if args.threads > 1 else " (sync)")
          + ", PostgreSQL, DEBUG off")
    print("signatures: " + ", ".join(f"{n:,} {label}" for label, n in counts.items()))
    pages = {
        "first page": "/en/signatories/",
        "page 200 (Spanish)": "/es/signatories/?page=200",
        "search 'garcía'": "/en/signatories/?q=garc%C3%ADa",
    }
    with common.gunicorn(args.workers, args.threads):
        for label, path in pages.items():
            common.wrk(common.BASE_URL + path, seconds=2, connections=args.connections)
            result = common.wrk(common.BASE_URL + path, seconds=args.seconds,
                                connections=args.connections)
            print(f"{label} ({path}): p50 {result.p50_ms:.1f} ms, p90 {result.p90_ms:.1f} ms, "
                  f"p99 {result.p99_ms:.1f} ms, {result.per_second:.0f} req/s, "
                  f"non-2xx {result.non_2xx}, socket errors: {result.socket_errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
