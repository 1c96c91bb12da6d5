"""Person signup helper upserts a second through a real server, and that none are lost.

    .venv/bin/python bench/osdi_signup.py            # 3,000 upserts, 8 client threads

Options: --upserts N, --clients C (threads, each with its own keep-alive connection),
--workers W (gunicorn sync workers, default 2: the target is 300 upserts/s on 2 cores),
--in-process-only (no server: only the in-process upserts).
Needs PostgreSQL on 127.0.0.1:5432 with trust auth (``alianza_bench`` is dropped and
created). 10,000 people are on file first. The upserts are, in turn: a new person with
tags, an update of a person on file (name, phone, county, a tag added and one removed),
and a new person sent as "subscribed" (a confirmation email is queued, as the web does).
Afterwards every person, tag and queued email is counted: none may be missing. Then 300
more upserts of the same three kinds in this process (Django's test client), in CPU seconds
of this process an upsert, which do not depend on the load. Every request is counted by
the per-token rate limit, as in production, under a limit it never reaches.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from threading import local

import osdi_common
import web_common as common

ON_FILE = 10_000


def body(i: int) -> dict:
    kind = i % 3
    if kind == 1:  # an update of someone on file
        return {"person": {"email_addresses": [{"address": f"person{i % ON_FILE}@example.org"}],
                           "given_name": "Updated", "family_name": f"Person {i}",
                           "phone_numbers": [{"number": f"559-555-{i % 10000:04}"}],
                           "postal_addresses": [{"county": "Fresno"}]},
                "add_tags": ["volunteers"], "remove_tags": ["parents"]}
    person = {"email_addresses": [{"address": f"new{i}@example.org"}],
              "given_name": "Nueva", "family_name": f"Persona {i}",
              "languages_spoken": ["es"], "identifiers": [f"action_network:bench-{i}"]}
    if kind == 2:
        person["email_addresses"][0]["status"] = "subscribed"
    return {"person": person, "add_tags": ["parents", "fresno"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--upserts", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--in-process-only", action="store_true",
                        help="skip the server: only the in-process upserts")
    args = parser.parse_args()
    common.database_reset()
    common.django_setup()
    osdi_common.people_seed(ON_FILE)
    from alianza.outreach.models import Tag

    for slug, name in (("parents", "Parents"), ("fresno", "Fresno"),
                       ("volunteers", "Volunteers")):
        Tag.objects.create(slug=slug, name=name)
    secret = osdi_common.token_secret()
    if not args.in_process_only:
        served(args, secret)
    in_process(secret)


def served(args, secret: str) -> None:
    threads = local()
    failures: list[str] = []

    def upsert(i: int) -> float:
        if not hasattr(threads, "client"):
            threads.client = osdi_common.Client(secret)
        started = time.perf_counter()
        status, answer = threads.client.request("POST", "/api/osdi/v1/people/", body(i))
        if status != 200:
            failures.append(f"{i}: {status} {answer}")
        return time.perf_counter() - started

    print(f"{args.upserts:,} upserts, {args.clients} client threads, gunicorn "
          f"{args.workers} sync workers, PostgreSQL; load {common.load_average()}")
    with common.gunicorn(args.workers, env={"OSDI_RATE_LIMIT": osdi_common.COUNTED}), \
            ThreadPoolExecutor(max_workers=args.clients) as pool:
        list(pool.map(upsert, range(min(args.clients * 4, args.upserts))))  # warm up
        started = time.perf_counter()
        latencies = list(pool.map(upsert, range(args.upserts)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    print(f"{args.upserts / elapsed:,.0f} upserts/s ({elapsed:.1f} s); latency median "
          f"{statistics.median(latencies) * 1000:.0f} ms, p95 "
          f"{latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms; load {common.load_average()}")
    check(args.upserts, failures)


def in_process(secret: str) -> None:
    client = osdi_common.in_process_client(secret, rate_limit=osdi_common.COUNTED)
    offset = 3 * ON_FILE * 10  # new addresses, and the same share of updates

    def upsert(i: int) -> None:  # i = -1: the warm-up, a new person
        answer = client.post("/api/osdi/v1/people/", body(offset + i),
                             content_type="application/json")
        if answer.status_code != 200:
            raise RuntimeError(answer.content[:300])

    cpu, queries = osdi_common.cpu_per_call(upsert, 300)
    print(f"in process: {cpu * 1000:.1f} ms CPU an upsert = {1 / cpu:,.0f} upserts per "
          f"CPU-second, {queries} queries an upsert; load {common.load_average()}")


def check(count: int, failures: list[str]) -> None:
    from alianza.coalition.models import JoinConfirmation, Person
    from alianza.core.models import OutboundEmail
    from alianza.outreach.models import Tagging

    new = [i for i in range(count) if i % 3 != 1]
    subscribed = [i for i in range(count) if i % 3 == 2]
    people = Person.objects.filter(email__startswith="new").count()
    tagged = Tagging.objects.filter(person__email__startswith="new").count()
    asked = JoinConfirmation.objects.filter(email__startswith="new").count()
    emails = OutboundEmail.objects.filter(to__startswith="new").count()
    updated = Person.objects.filter(name__startswith="Updated").count()
    expected_updated = len({i % ON_FILE for i in range(count) if i % 3 == 1})
    print(f"failed requests: {len(failures)}; new people {people:,}/{len(new):,}, their tags "
          f"{tagged:,}/{2 * len(new):,}, confirmations {asked:,} and emails {emails:,}/"
          f"{len(subscribed):,}, updated {updated:,}/{expected_updated:,}")
    for failure in failures[:5]:
        print("  ", failure[:300])
    if failures or people != len(new) or tagged != 2 * len(new) or asked != len(subscribed) \
            or emails != len(subscribed) or updated != expected_updated:
        raise SystemExit("something was lost")


if __name__ == "__main__":
    sys.exit(main())
