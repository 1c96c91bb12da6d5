"""Person signup helper upserts a second through a real server, and that none are lost.

    .venv/bin/python bench/osdi_signup.py            # 20 s of upserts, 8 connections

Options: --seconds S, --clients C (wrk's keep-alive connections), --workers W (gunicorn
sync workers, default 2: the target is 300 upserts/s on 2 cores), --in-process-only (no
server: only the in-process upserts).
Needs PostgreSQL on 127.0.0.1:5432 with trust auth (``alianza_bench`` is dropped and
created) and Debian's wrk (``apt-get install wrk``): the load generator shares the two
cores with the server, and wrk costs them a fraction of what a Python client would.
10,000 people are on file first. The upserts are, in turn: a new person with tags, an
update of a person on file (name, phone, county, a tag added and one removed), and a new
person sent as "subscribed" (a confirmation email is queued, as the web does). Afterwards
every upsert answered with 200 is looked up — the person, their tags, the confirmation
and its email, the update — and none may be missing. Then 300 more upserts of the same
three kinds in this process (Django's test client), in CPU seconds of this process an
upsert, which do not depend on the load. Every request is counted by the per-token rate
limit, as in production, under a limit it never reaches.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import osdi_common
import web_common as common

HERE = Path(__file__).resolve().parent
ON_FILE = 10_000
WARM_UP_FIRST = 1_000_000  # the warm-up's numbers, apart from the measured ones


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
    parser.add_argument("--seconds", type=int, default=20)
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
    """wrk sends the upserts (C, so that the load costs the two cores little); every
    upsert answered with 200 is then looked up."""
    out = common.DATA_DIR / "accepted"
    out.mkdir(parents=True, exist_ok=True)
    connections = args.clients
    wrk_threads = min(2, connections)

    def load(run: str, first: int, seconds: int) -> common.WrkResult:
        return common.wrk(
            f"{common.BASE_URL}/api/osdi/v1/people/", seconds=seconds,
            connections=connections, threads=wrk_threads, script=HERE / "osdi_signup.lua",
            script_args=[run, secret, str(first), str(ON_FILE), str(out), str(wrk_threads)])

    print(f"{args.seconds} s of upserts from wrk ({connections} connections), gunicorn "
          f"{args.workers} sync workers, PostgreSQL; load {common.load_average()}")
    with common.gunicorn(args.workers, env={"OSDI_RATE_LIMIT": osdi_common.COUNTED}):
        load("warm", WARM_UP_FIRST, 3)
        result = load("measured", 0, args.seconds)
    answered = sorted(int(n) for path in out.glob("accepted-measured-*.txt")
                      for n in path.read_text().split())
    print(f"{len(answered) / result.seconds:,.0f} upserts/s answered with 200 "
          f"({len(answered):,} in {result.seconds:.1f} s); latency median "
          f"{result.p50_ms:.0f} ms, p90 {result.p90_ms:.0f} ms, p99 {result.p99_ms:.0f} ms; "
          f"other answers {result.extra.get('failed', '?')}, socket errors "
          f"{result.socket_errors}; load {common.load_average()}")
    check(answered, int(result.extra.get("failed", "0")))


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


def check(answered: list[int], failed: int) -> None:
    """Everything each upsert answered with 200 did is in the database."""
    from alianza.coalition.models import JoinConfirmation, Person
    from alianza.core.models import OutboundEmail
    from alianza.outreach.models import Tagging

    new = [f"new{i}@example.org" for i in answered if i % 3 != 1]
    subscribed = [f"new{i}@example.org" for i in answered if i % 3 == 2]
    updated = [f"Updated Person {i}" for i in answered if i % 3 == 1]
    people = Person.objects.filter(email__in=new).count()
    tagged = Tagging.objects.filter(person__email__in=new).count()
    asked = JoinConfirmation.objects.filter(email__in=subscribed).count()
    emails = OutboundEmail.objects.filter(to__in=subscribed).count()
    found = Person.objects.filter(name__in=updated).count()
    print(f"answered 200: new people {people:,}/{len(new):,}, their tags {tagged:,}/"
          f"{2 * len(new):,}, confirmations {asked:,} and emails {emails:,}/"
          f"{len(subscribed):,}, updates {found:,}/{len(updated):,}; other answers {failed}")
    if failed or len(set(answered)) != len(answered) or people != len(new) \
            or tagged != 2 * len(new) or asked != len(subscribed) \
            or emails != len(subscribed) or found != len(updated):
        raise SystemExit("something was lost")


if __name__ == "__main__":
    sys.exit(main())
