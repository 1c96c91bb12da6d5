"""Signature submissions per second, with none lost or duplicated.

    .venv/bin/python bench/web_signing.py            # 4 gunicorn workers, 20 s, 32 connections

Options: --workers N, --threads N (gthread workers), --seconds S, --connections C,
--wrk-threads T. Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the database
``alianza_bench`` is dropped and created) and Debian's wrk (``apt-get install wrk``).

The server is production-style: ``gunicorn alianza.wsgi``, DEBUG off, PostgreSQL, the
database task backend (confirmation emails are queued, as in production; no worker
drains the queue during the run), rate limits off because all load comes from 127.0.0.1.
wrk posts the join form with a new address per request, reusing one CSRF cookie and
token. Afterwards every address the server acknowledged is looked up in the database.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections import Counter
from pathlib import Path

import web_common as common

HERE = Path(__file__).resolve().parent


def submissions_measure(*, seconds: int, connections: int, wrk_threads: int,
                        run: str) -> common.WrkResult:
    cookie, token = common.csrf_pair("/en/join/")
    out = common.DATA_DIR / "accepted"
    out.mkdir(parents=True, exist_ok=True)
    return common.wrk(
        f"{common.BASE_URL}/en/join/", seconds=seconds, connections=connections,
        threads=wrk_threads, script=HERE / "web_signing.lua",
        script_args=[run, token, cookie, "0", str(out)],
    )


def accepted_addresses(run: str) -> list[str]:
    addresses = []
    for path in (common.DATA_DIR / "accepted").glob(f"accepted-{run}-*.txt"):
        addresses += path.read_text().split()
    return addresses


def database_check(run: str) -> dict:
    """Compare what the server acknowledged with what the database holds."""
    from django.db.models import Count

    from alianza.coalition.models import Consent, Person, Signature
    from alianza.core.models import OutboundEmail

    prefix = f"b{run}-"
    accepted = accepted_addresses(run)
    stored = set(Person.objects.filter(email__startswith=prefix).values_list("email", flat=True))
    signatures = Signature.objects.filter(person__email__startswith=prefix)
    per_person = signatures.values("person").annotate(n=Count("pk")).filter(n__gt=1).count()
    emails = Counter(OutboundEmail.objects.filter(to__startswith=prefix)
                     .values_list("to", flat=True))
    return {
        "acknowledged": len(accepted),
        "acknowledged twice": sum(1 for n in Counter(accepted).values() if n > 1),
        "people stored": len(stored),
        "signatures stored": signatures.count(),
        "listing consents stored": Consent.objects.filter(
            person__email__startswith=prefix, kind="listing").count(),
        "confirmation emails queued": sum(emails.values()),
        "lost (acknowledged, not stored)": len(set(accepted) - stored),
        "people with two signatures": per_person,
        "addresses with two emails": sum(1 for n in emails.values() if n > 1),
        "stored, reply cut off when wrk stopped": len(stored - set(accepted)),
    }


def queries_per_submission() -> int:
    """How many SQL statements one submission costs (measured in this process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    data = {"actions": ["sign_individual"], "name": "Query Count", "listed": "on",
            "title": "Parent"}
    client.post("/en/join/", {**data, "email": "warm-up@example.org"})
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/en/join/", {**data, "email": "query-count@example.org"})
    assert response.status_code == 200, response.status_code
    return len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 300 or not 1 <= args.connections <= 512:
        parser.error("keep the run bounded: 1–300 s and 1–512 connections")

    common.database_reset()
    common.django_setup()
    common.statement_seed()
    print(f"machine: {common.machine()}")
    print(f"server: gunicorn alianza.wsgi -w {args.workers}"
          + (f" --threads {args.threads} (gthread)" if args.threads > 1 else " (sync)")
          + ", PostgreSQL, DEBUG off, database task backend")
    run = secrets.token_hex(3)
    with common.gunicorn(args.workers, args.threads):
        submissions_measure(seconds=3, connections=args.connections,
                            wrk_threads=args.wrk_threads, run="warm")
        result = submissions_measure(seconds=args.seconds, connections=args.connections,
                                     wrk_threads=args.wrk_threads, run=run)
    print(f"wrk: {args.connections} connections, {args.wrk_threads} threads, {args.seconds} s")
    print(f"submissions: {result.extra.get('ok')} accepted, {result.extra.get('failed')} "
          f"failed, socket errors: {result.socket_errors}")
    print(f"throughput: {result.per_second:.0f} submissions/s")
    print(f"latency: p50 {result.p50_ms:.1f} ms, p90 {result.p90_ms:.1f} ms, "
          f"p99 {result.p99_ms:.1f} ms, max {result.max_ms:.1f} ms")
    check = database_check(run)
    for label, value in check.items():
        print(f"  {label}: {value}")
    print(f"SQL statements per submission: {queries_per_submission()}")
    ok = (check["lost (acknowledged, not stored)"] == 0
          and check["people with two signatures"] == 0
          and check["addresses with two emails"] == 0
          and check["acknowledged twice"] == 0
          and check["signatures stored"] == check["people stored"])
    print("integrity: " + ("none lost, none duplicated" if ok else "PROBLEM — see above"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
