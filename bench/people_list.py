"""Latency of the staff people list over 100,000 people on PostgreSQL.

    .venv/bin/python bench/people_list.py            # 100,000 people, 50 requests a query

Options: --people N, --requests N. Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the
database ``alianza_bench`` is dropped and created). Requests go through Django's test
client in this process (one staff member, signed in), so the figures are the view's own
time: the query, the filters' choices and the template, without a network or a server.

The people carry tags (each a fifth to a third of everyone), list subscriptions, email
consents (granted or withdrawn) and organizations, as an imported coalition would.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from urllib.parse import urlencode

import web_common as common

FIRST = ["Ana", "Luis", "María", "José", "Guadalupe", "Minh", "Wei", "Fátima", "Sarah", "David",
         "Rocío", "Jesús", "Ngọc", "Carmen", "Tomás"]
LAST = ["García", "Nguyen", "López", "Smith", "Hernández", "Chen", "Martínez", "Kim", "Patel",
        "Núñez", "Ramírez", "Torres", "Álvarez"]
TAGS = ["parents", "teachers", "volunteers", "press", "donors"]
LISTS = ["updates", "policy-alerts", "convenings"]
BATCH = 5000


def people_seed(count: int) -> dict[str, int]:
    from django.db import connection
    from django.utils import timezone

    from alianza.coalition import places
    from alianza.coalition.models import Affiliation, Consent, Organization, Person
    from alianza.coalition.models.base import person_search_key
    from alianza.outreach.models import MailingList, Subscription, Tag

    now = timezone.now()
    counties = [code for code, _name in places.COUNTIES]
    started = time.perf_counter()
    people: list = []
    for start in range(0, count, BATCH):
        batch = []
        for i in range(start, min(start + BATCH, count)):
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i // 15) % len(LAST)]} {i}"
            email = f"person{i}@example.org"
            batch.append(Person(name=name, email=email, search_key=person_search_key(name, email),
                                preferred_language=("es", "en", "es-MX", "vi", "en")[i % 5],
                                county_code=counties[i % len(counties)],
                                email_confirmed_at=now))
        people.extend(Person.objects.bulk_create(batch))
    organizations = Organization.objects.bulk_create(
        [Organization(name=f"Familias Unidas {i}", normalized_name=f"familias unidas {i}",
                      membership_status="member" if i % 4 == 0 else "none")
         for i in range(500)])
    Affiliation.objects.bulk_create(
        [Affiliation(person=person, organization=organizations[i % 500])
         for i, person in enumerate(people) if i % 3 == 0], batch_size=BATCH)
    tags = [Tag.objects.create(slug=slug, name=slug.title()) for slug in TAGS]
    through = Tag.people.through
    links = [through(tag=tag, person_id=person.pk)
             for i, person in enumerate(people)
             for t, tag in enumerate(tags) if (i + t) % (3 + t) == 0]
    through.objects.bulk_create(links, batch_size=BATCH)
    lists = [MailingList.objects.create(slug=slug) for slug in LISTS]
    subscriptions = [Subscription(person=person, mailing_list=lists[i % 3], status="confirmed",
                                  source="bench", language="es", confirmed_at=now)
                     for i, person in enumerate(people) if i % 4 == 0]
    Subscription.objects.bulk_create(subscriptions, batch_size=BATCH)
    consents = [Consent(person=person, kind="email", scope="updates", granted=i % 7 != 0,
                        wording="Send me updates", language="es", source="bench")
                for i, person in enumerate(people) if i % 2 == 0]
    Consent.objects.bulk_create(consents, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f} s")
    return {"people": count, "tag links": len(links), "subscriptions": len(subscriptions),
            "email consents": len(consents), "affiliations": len(people) // 3}


def measure(client, path: str, requests: int) -> tuple[float, float, float, int]:
    """Wall-clock p50 and p95, and the median CPU time of this process (the view, the ORM
    and the template, without PostgreSQL's own work), which a busy machine inflates less."""
    client.get(path)  # warm: the first request fills caches, as on a running server
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, statistics.median(cpu), len(response.context["rows"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database of the previous run (skips seeding)")
    args = parser.parse_args()
    if not 1_000 <= args.people <= 1_000_000 or not 5 <= args.requests <= 1_000:
        parser.error("keep the run bounded: 1,000–1,000,000 people and 5–1,000 requests")

    if not args.reuse:
        common.database_reset()
    common.django_setup()
    from alianza.coalition.models import Person

    counts = ({"people": Person.objects.count()} if args.reuse
              else people_seed(args.people))
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # so responses carry their context
    get_user_model().objects.filter(username="bench-staff").delete()
    from django.contrib.auth.models import Group

    from alianza.core.roles import COALITION_STAFF, OUTREACH

    staff = get_user_model().objects.create_user("bench-staff", "staff@example.org",
                                                 is_staff=True)
    staff.groups.add(*Group.objects.filter(name__in=[COALITION_STAFF, OUTREACH]))
    client = Client()
    client.force_login(staff)
    print(f"machine: {common.machine()}")
    print("data: " + ", ".join(f"{n:,} {label}" for label, n in counts.items()))
    print("Django test client in one process, PostgreSQL, DEBUG off; "
          f"{args.requests} requests per query after one warm-up")
    queries = {
        "first page, by name": {},
        "tag + language + search": {"tag": "parents", "language": "es", "q": "garcia"},
        "tag + language + email consent": {"tag": "parents", "language": "es",
                                           "email_consent": "confirmed"},
        "search by address": {"q": "person4242"},
        "list subscribers, newest first": {"list": "updates", "sort": "newest"},
        "county order, page 100": {"sort": "county", "page": "100"},
    }
    for label, params in queries.items():
        path = reverse("coalition-people") + (f"?{urlencode(params)}" if params else "")
        p50, p95, cpu, rows = measure(client, path, args.requests)
        print(f"{label} ({path}): p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"app CPU p50 {cpu:.1f} ms, {rows} rows shown")
    print(f"load average: {common.load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
