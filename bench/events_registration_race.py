"""Benchmark: 500 people register at once for the last 50 seats of an event.

    /work/main/.venv/bin/python bench/events_registration_race.py [--requests 500] [--seats 50]
    /work/main/.venv/bin/python bench/events_registration_race.py --direct 50   # no HTTP

Real processes throughout, on PostgreSQL: the database ``test_bench_events`` is dropped,
created and migrated (no other database is touched); ``gunicorn alianza.wsgi`` serves it
with several workers and threads, production-style (DEBUG off); the load is ``--requests``
HTTP POSTs of the public registration form, all released at the same moment from as many
client threads, each a different address (``--workers`` and ``--threads`` size the
server). The event has 10 seats taken and ``--seats`` left. Checks: every request
answered with the redirect to the "check your email" page,
exactly ``--seats`` new confirmed seats, every other registrant waitlisted with positions
1..N without gaps or repeats, in the order the registrations were committed, one
confirmation email queued per registration, none lost. Results are written to
bench/results/events_registration_race.txt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_common as web  # noqa: E402

# This benchmark's own database, port and folder, so it can run beside the others.
web.DB_NAME = "test_bench_events"
web.DATABASE_URL = web.PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{web.DB_NAME}"
web.PORT = int(os.environ.get("BENCH_EVENTS_PORT", "8931"))
web.BASE_URL = f"http://{web.HOST}:{web.PORT}"
web.DATA_DIR = Path(tempfile.gettempdir()) / "alianza-bench-events"
RESULTS = web.ROOT / "bench" / "results" / "events_registration_race.txt"
TAKEN = 10
SLUG = "spring-convening"


def seed(seats: int) -> None:
    from django.utils import timezone

    from alianza.convenings.models import Event, EventText, Registration

    starts = (timezone.now() + timedelta(days=20)).replace(second=0, microsecond=0)
    event = Event.objects.create(slug=SLUG, starts_at=starts, ends_at=starts + timedelta(hours=4),
                                 capacity=TAKEN + seats, is_published=True,
                                 venue_name="Sacramento Convention Center",
                                 online_url="https://meet.example.org/spring")
    EventText.objects.create(event=event, language="en", title="Spring Convening")
    EventText.objects.create(event=event, language="es", title="Convocatoria de primavera")
    Registration.objects.bulk_create(
        Registration(event=event, name=f"Early {n}", email=f"early{n}@example.org",
                     status=Registration.Status.CONFIRMED, confirmed_at=timezone.now())
        for n in range(TAKEN))


def post_all(count: int) -> tuple[list[int], list[float], float]:
    path = f"/en/events/{SLUG}/"
    cookie, token = web.csrf_pair(path)
    barrier = threading.Barrier(count)

    def one(n: int) -> tuple[int, float]:
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "name": f"Racer {n}",
            "email": f"racer{n}@example.org", "organization_name": "",
            "language": "es" if n % 2 else "en", "accessibility_needs": "",
        }).encode()
        request = urllib.request.Request(
            web.BASE_URL + path, data=body, method="POST",
            headers={"Cookie": f"csrftoken={cookie}", "Referer": web.BASE_URL + path,
                     "Content-Type": "application/x-www-form-urlencoded"})
        opener = urllib.request.build_opener(_NoRedirect())
        barrier.wait()
        started = time.perf_counter()
        try:
            status = opener.open(request, timeout=120).status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    return [s for s, _ in results], [t for _, t in results], wall


def service_all(count: int, connections_at_once: int) -> tuple[list[float], float]:
    """The same race without HTTP: ``count`` calls of the registration service from
    ``connections_at_once`` threads, each on its own database connection."""
    from django.db import connections

    from alianza.convenings.models import Event
    from alianza.convenings.services import registration_create

    event = Event.objects.get(slug=SLUG)
    barrier = threading.Barrier(connections_at_once)

    def one(n: int) -> float:
        if n < connections_at_once:
            barrier.wait()
        started = time.perf_counter()
        registration_create(event=event, name=f"Racer {n}", email=f"racer{n}@example.org",
                            language="es" if n % 2 else "en")
        return time.perf_counter() - started

    def run(n: int) -> float:
        try:
            return one(n)
        finally:
            if n >= count - connections_at_once:
                connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections_at_once) as pool:
        latencies = list(pool.map(run, range(count)))
    return latencies, time.perf_counter() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(count: int, seats: int) -> list[str]:
    from alianza.convenings.models import Registration
    from alianza.core.models import OutboundEmail

    racers = Registration.objects.filter(email__startswith="racer")
    confirmed = racers.filter(status="confirmed").count()
    waiting = list(racers.filter(status="waitlisted").order_by("waitlist_position")
                   .values_list("waitlist_position", "created_at"))
    positions = [p for p, _ in waiting]
    committed_in_order = all(a[1] <= b[1] for a, b in zip(waiting, waiting[1:], strict=False))
    emails = OutboundEmail.objects.filter(to__startswith="racer").count()
    problems = []
    if racers.count() != count:
        problems.append(f"{count - racers.count()} registrations lost")
    if confirmed != seats:
        problems.append(f"{confirmed} confirmed, expected {seats}")
    if positions != list(range(1, count - seats + 1)):
        problems.append("waitlist positions are not 1..N")
    if not committed_in_order:
        problems.append("waitlist positions are not in the order of commit")
    if emails != count:
        problems.append(f"{emails} emails queued for {count} registrations")
    total = Registration.objects.filter(status="confirmed").count()
    return problems, (f"confirmed {confirmed} (+{TAKEN} earlier = {total} of {TAKEN + seats} "
                      f"seats), waitlisted {len(positions)} with positions "
                      f"{positions[0] if positions else '-'}..{positions[-1] if positions else '-'}"
                      f", emails queued {emails}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--direct", type=int, default=0, metavar="CONNECTIONS",
                        help="Call the service from this many threads/connections instead "
                             "of going through gunicorn.")
    args = parser.parse_args()

    web.database_reset()
    web.django_setup()
    seed(args.seats)
    if args.direct:
        latencies, wall = service_all(args.requests, args.direct)
        statuses = [302] * args.requests  # no HTTP: each call either returned or raised
        setup = (f"Service: registration_create from {args.direct} threads, each its own "
                 f"PostgreSQL connection ({web.DB_NAME}), no HTTP")
        load = f"Load: {args.requests} registrations, {args.seats} seats left"
    else:
        with web.gunicorn(args.workers, args.threads):
            statuses, latencies, wall = post_all(args.requests)
        setup = (f"Server: gunicorn, {args.workers} workers x {args.threads} threads, "
                 f"PostgreSQL ({web.DB_NAME}), DEBUG off")
        load = (f"Load: {args.requests} registration POSTs released at once, {args.seats} "
                "seats left")
    problems, summary = check(args.requests, args.seats)
    redirects = statuses.count(302)
    latencies.sort()
    lines = [
        "Benchmark: events_registration_race (bench/events_registration_race.py)",
        f"Machine: {web.machine()}, load {web.load_average()}",
        setup,
        load,
        f"Wall time: {wall:.2f} s ({args.requests / wall:.0f} registrations/s)",
        f"Latency: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p90 {latencies[int(len(latencies) * 0.9) - 1] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms",
        (f"Calls: {args.requests} returned, none raised" if args.direct else
         f"Responses: {redirects} redirects to the confirmation page, "
         f"{len(statuses) - redirects} other ({sorted(set(statuses))})"),
        f"Result: {summary}",
        "Checks: " + ("all passed (no oversell, none lost, positions 1..N in commit order)"
                      if not problems and redirects == args.requests
                      else "FAILED: " + "; ".join(problems or ["non-redirect responses"])),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    kept = [block for block in previous.split("\n\n") if block.strip()
            and (block.splitlines()[2].startswith("Service") != bool(args.direct))]
    RESULTS.write_text("\n\n".join([*kept[-1:], report.strip()]) + "\n", encoding="utf-8")
    if problems or redirects != args.requests:
        sys.exit(1)


if __name__ == "__main__":
    main()
