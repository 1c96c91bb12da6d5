"""Scale-out: one web server and one task worker, then two of each, on one PostgreSQL and Redis.

    .venv/bin/python bench/scale_out.py            # 15 s signature surge, 300 registrations

Options: --seconds S (signature surge per phase), --connections C (in all, split between the
web servers), --registrations N (registration surge per phase), --web-workers W (gunicorn
workers per web server). Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the database
``alianza_bench_scale`` is dropped and created), Redis on 127.0.0.1:6379 (database 12 is
emptied) and Debian's wrk.

Production-style processes: each web server is its own ``gunicorn alianza.wsgi`` on its own
port (as behind a load balancer), tasks go to Redis (TASKS_BACKEND=rq) and are run by
``manage.py tasks_worker`` processes, the cache is Redis, DEBUG off, email to files. Each
phase runs two surges:

- signatures: wrk posts the join form with a new address per request, split evenly over
  the web servers (one wrk per server, at the same time);
- registrations: N people register at the same moment for an event with fewer seats,
  spread round-robin over the web servers.

Afterwards every acknowledged signature must be stored exactly once with one confirmation
email, every registration stored with one email and exactly the free seats confirmed, and
every email sent by the workers. The two phases run one after the other on the same
machine, so compare their ratio rather than the absolute figures (2 cores are shared with
whatever else runs). Results go to bench/results/scale_out.txt.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_common as web  # noqa: E402
import web_signing as signing  # noqa: E402

web.DB_NAME = "alianza_bench_scale"
web.DATABASE_URL = web.PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{web.DB_NAME}"
web.DATA_DIR = Path(tempfile.gettempdir()) / "alianza-bench-scale"
PORTS = [int(port) for port in os.environ.get("BENCH_SCALE_PORTS", "8941,8942").split(",")]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
RESULTS = web.ROOT / "bench" / "results" / "scale_out.txt"
EXTRA_ENV = {"TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL, "TASKS_REDIS_URL": REDIS_URL}


def _use_port(port: int) -> None:
    web.PORT = port
    web.BASE_URL = f"http://{web.HOST}:{port}"


@contextmanager
def processes(count: int, web_workers: int):
    """``count`` gunicorn servers on their own ports and ``count`` rq task workers."""
    with ExitStack() as stack:
        for port in PORTS[:count]:
            _use_port(port)
            stack.enter_context(web.gunicorn(web_workers, env=EXTRA_ENV))
        log = (web.DATA_DIR / "tasks_worker.log").open("a")
        workers = [
            subprocess.Popen([sys.executable, "manage.py", "tasks_worker", "--verbosity", "0"],
                             cwd=web.ROOT, env={**web.server_env(), **EXTRA_ENV},
                             start_new_session=True, stdout=subprocess.DEVNULL, stderr=log)
            for _ in range(count)
        ]
        try:
            yield
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
            log.close()


def signature_surge(count: int, *, seconds: int, connections: int, run: str) -> dict:
    """One wrk per web server at the same time; the servers' figures added up."""
    out = web.DATA_DIR / "accepted"
    out.mkdir(parents=True, exist_ok=True)
    results: list[web.WrkResult] = []

    def one(index: int, port: int) -> None:
        base = f"http://{web.HOST}:{port}"
        _use_port(port)
        cookie, token = web.csrf_pair("/en/join/")
        # Each wrk its own addresses and receipt files ("b<run>-<index>-…"), still found by
        # web_signing's checks of "b<run>-".
        results.append(web.wrk(
            f"{base}/en/join/", seconds=seconds, connections=max(connections // count, 1),
            threads=1, script=signing.HERE / "web_signing.lua",
            script_args=[f"{run}-{index}", token, cookie, "0", str(out)]))

    threads = [threading.Thread(target=one, args=(index, port))
               for index, port in enumerate(PORTS[:count])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = sum(int(r.extra.get("ok", 0)) for r in results)
    return {"accepted": accepted, "per_second": accepted / max(r.seconds for r in results),
            "failed": sum(int(r.extra.get("failed", 0)) for r in results),
            "p99_ms": max(r.p99_ms for r in results)}


def event_seed(slug: str, seats: int) -> None:
    from django.utils import timezone

    from alianza.convenings.models import Event, EventText

    starts = (timezone.now() + timedelta(days=20)).replace(second=0, microsecond=0)
    event = Event.objects.create(slug=slug, starts_at=starts, ends_at=starts + timedelta(hours=4),
                                 capacity=seats, is_published=True,
                                 venue_name="Sacramento Convention Center")
    EventText.objects.create(event=event, language="en", title="Spring Convening")
    EventText.objects.create(event=event, language="es", title="Convocatoria de primavera")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def registration_surge(count: int, *, servers: int, slug: str, prefix: str) -> dict:
    """``count`` registrations released at once, round-robin over the web servers."""
    path = f"/en/events/{slug}/"
    pairs = {}
    for port in PORTS[:servers]:
        _use_port(port)
        pairs[port] = web.csrf_pair(path)
    barrier = threading.Barrier(count)

    def one(n: int) -> int:
        port = PORTS[n % servers]
        cookie, token = pairs[port]
        base = f"http://{web.HOST}:{port}"
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "name": f"Racer {n}",
            "email": f"{prefix}{n}@example.org", "organization_name": "",
            "language": "es" if n % 2 else "en", "accessibility_needs": "",
        }).encode()
        request = urllib.request.Request(
            base + path, data=body, method="POST",
            headers={"Cookie": f"csrftoken={cookie}", "Referer": base + path,
                     "Content-Type": "application/x-www-form-urlencoded"})
        barrier.wait()
        try:
            return urllib.request.build_opener(_NoRedirect()).open(request, timeout=120).status
        except urllib.error.HTTPError as error:
            return error.code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        statuses = list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    return {"answered": sum(1 for s in statuses if s in (302, 303)), "wall_s": wall,
            "per_second": count / wall}


def registration_check(*, slug: str, prefix: str, count: int, seats: int) -> list[str]:
    from alianza.convenings.models import Registration
    from alianza.core.models import OutboundEmail

    rows = Registration.objects.filter(event__slug=slug, email__startswith=prefix)
    confirmed = rows.filter(status="confirmed").count()
    positions = list(rows.filter(status="waitlisted").order_by("waitlist_position")
                     .values_list("waitlist_position", flat=True))
    emails = OutboundEmail.objects.filter(to__startswith=prefix).count()
    problems = []
    if rows.count() != count:
        problems.append(f"{count - rows.count()} registrations lost")
    if confirmed != seats:
        problems.append(f"{confirmed} confirmed, expected {seats}")
    if positions != list(range(1, count - seats + 1)):
        problems.append("waitlist positions are not 1..N")
    if emails != count:
        problems.append(f"{emails} emails queued for {count} registrations")
    return problems


def emails_drain(prefixes: list[str], timeout: float) -> tuple[int, int, float | None]:
    """Wait until every email to these addresses is sent: (sent, queued, seconds)."""
    from django.db.models import Q

    from alianza.core.models import OutboundEmail

    query = Q()
    for prefix in prefixes:
        query |= Q(to__startswith=prefix)
    started = time.monotonic()
    while True:
        rows = OutboundEmail.objects.filter(query)
        sent, queued = rows.filter(status=OutboundEmail.Status.SENT).count(), rows.count()
        if sent == queued:
            return sent, queued, time.monotonic() - started
        if time.monotonic() - started > timeout:
            return sent, queued, None
        time.sleep(0.3)


def phase(count: int, args: argparse.Namespace, lines: list[str]) -> bool:
    import secrets

    run = secrets.token_hex(3)
    slug, prefix = f"surge-{count}", f"r{run}-"
    event_seed(slug, args.seats)
    with processes(count, args.web_workers):
        signature_surge(count, seconds=2, connections=args.connections, run="warm")
        load_before = web.load_average()
        signatures = signature_surge(count, seconds=args.seconds,
                                     connections=args.connections, run=run)
        registrations = registration_surge(args.registrations, servers=count, slug=slug,
                                           prefix=prefix)
        load_after = web.load_average()
        drained = signing.backlog_drain(timeout=args.drain_timeout)
        sent, queued, sent_after = emails_drain([f"b{run}-", prefix], args.drain_timeout)
    check = signing.database_check(run)
    problems = registration_check(slug=slug, prefix=prefix, count=args.registrations,
                                  seats=args.seats)
    lost = (check["lost (acknowledged, not stored)"] + check["addresses stored twice"]
            + check["addresses with two emails"] + check["acknowledged twice"])
    ok = (not problems and not lost and drained is not None and sent == queued
          and check["confirmation emails queued"] == check["requests stored for confirmation"])
    lines += [
        f"== {count} web server{'s' if count > 1 else ''} (gunicorn -w {args.web_workers} each)"
        f" + {count} rq worker{'s' if count > 1 else ''} ==",
        f"load average before/after: {load_before} / {load_after}",
        f"signatures: {signatures['accepted']} accepted in {args.seconds} s = "
        f"{signatures['per_second']:.0f}/s, {signatures['failed']} failed, "
        f"p99 {signatures['p99_ms']:.0f} ms",
        f"  stored for confirmation {check['requests stored for confirmation']}, confirmation "
        f"emails {check['confirmation emails queued']}, lost {lost}; intake backlog drained "
        + (f"{drained:.1f} s after the load" if drained is not None else "— NOT in time"),
        f"registrations: {args.registrations} at once for {args.seats} seats: "
        f"{registrations['answered']} answered in {registrations['wall_s']:.1f} s = "
        f"{registrations['per_second']:.0f}/s; "
        + ("confirmed, waitlist and emails all as expected" if not problems
           else "PROBLEMS: " + "; ".join(problems)),
        f"emails sent by the workers: {sent} of {queued}"
        + (f" ({sent_after:.1f} s after the load)" if sent_after is not None else " — NOT in time"),
        f"integrity: {'none lost, none duplicated' if ok else 'PROBLEM'}",
        "",
    ]
    print("\n".join(lines[-9:]), flush=True)
    return ok


def redis_empty() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--registrations", type=int, default=300)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--drain-timeout", type=int, default=300)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 256:
        parser.error("keep the run bounded: 1–120 s and 1–256 connections")
    if not args.seats < args.registrations <= 1000:
        parser.error("registrations: more than the seats, at most 1000")

    redis_empty()
    web.database_reset()
    web.django_setup()
    web.statement_seed()
    lines = [f"machine: {web.machine()}",
             f"bench/scale_out.py --seconds {args.seconds} --connections {args.connections} "
             f"--registrations {args.registrations} --seats {args.seats} "
             f"--web-workers {args.web_workers}",
             "PostgreSQL, Redis (cache and RQ task queue), DEBUG off, email to files", ""]
    print("\n".join(lines), flush=True)
    ok = all([phase(1, args, lines), phase(2, args, lines)])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
