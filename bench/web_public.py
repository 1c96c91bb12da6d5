"""Public pages under a surge: requests per second of every page the public reads, next to
``/health/`` in the same run.

    .venv/bin/python bench/web_public.py        # 4 gunicorn workers, wrk -c16, 8 s a page

Options: --workers N, --seconds S, --connections C, --listed N (signatories), --members N,
--redis (pages and generation tokens in Redis instead of each process's memory and the
database), --reuse (measure again on the database the previous run seeded). Needs
PostgreSQL on 127.0.0.1:5432 with trust auth (the database ``alianza_bench_public``,
``BENCH_DB`` to change it, is dropped and created), Debian's wrk and, for --redis, Redis on
127.0.0.1:6379 (``BENCH_REDIS_URL``). The server listens on 127.0.0.1:8914
(``BENCH_PORT``). Results: bench/results/web_public.txt.

Data: the coalition demo (its profile, statement and workgroups) with 20,000 listed,
confirmed signatories (and a quarter as many unlisted and waiting ones), 200 member
organizations, the real CDE files of ../shared/data/cde (``evidence_demo``) and the library,
events, policy and survey demos, so the home page shows every app's section. Every page is
read by anonymous visitors without cookies, as a surge from a shared link is; each is fetched
once and checked (status 200 and its title) before wrk runs. The target: each page at least
half of ``/health/``'s rate. The table also gives the database transactions PostgreSQL
counted per request and the web workers' CPU per request, which says what a page costs
whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime

os.environ.setdefault("BENCH_DB", "alianza_bench_public")
os.environ.setdefault("BENCH_PORT", "8914")
os.environ.setdefault("BENCH_START_SECONDS", "180")

import web_common as common  # noqa: E402
from web_library import (  # noqa: E402
    REDIS_URL,
    redis_generation_bump,
    redis_running,
    transactions,
)
from web_signatories import signatories_seed  # noqa: E402

RESULTS = common.ROOT / "bench" / "results" / "web_public.txt"
TARGET_RATIO = 0.5
NAMESPACES = ("site", "coalition", "signatures", "evidence", "library", "policy", "convenings",
              "listening")
DEMOS = ("demo_data", "evidence_demo", "library_demo", "events_demo", "policy_demo",
         "listening_demo")


@dataclass
class Page:
    label: str
    path: str
    expect: str  # a piece of the page that says it is the right one


PAGES = [
    Page("health", "/health/", '"status": "ok"'),
    Page("home (English)", "/en/", "<title>"),
    Page("home (Spanish)", "/es/", "<title>"),
    Page("statement with the sign form", "/en/statements/statement-of-agreement/",
         'name="csrfmiddlewaretoken"'),
    Page("statement (Spanish)", "/es/statements/statement-of-agreement/",
         'name="csrfmiddlewaretoken"'),
    Page("join form", "/en/join/", 'name="csrfmiddlewaretoken"'),
    Page("signatories, first page", "/en/signatories/", "<title>"),
    Page("signatories ?page=200 (Spanish)", "/es/signatories/?page=200", "<title>"),
    Page("members", "/en/members/", "<title>"),
    Page("workgroups", "/en/workgroups/", "<title>"),
    Page("about", "/en/about/", "<title>"),
    Page("data: index", "/en/data/", "<title>"),
    Page("data: Los Angeles County", "/en/data/county/19/", "Los Angeles"),
    Page("data: Los Angeles Unified", "/es/data/district/19647330000000/",
         "Los Angeles Unified"),
    Page("data: search ?q=LAUSD", "/en/data/search/?q=LAUSD", "Los Angeles Unified"),
    Page("library", "/en/library/", "<title>"),
    Page("policy: bills", "/en/policy/bills/", "<title>"),
]


def seed(*, listed: int, members: int) -> list[str]:
    """The demos, then the surge-sized statement and member list; returns what was made."""
    timings = []
    for command in DEMOS:
        started = time.monotonic()
        subprocess.run([sys.executable, "manage.py", command], cwd=common.ROOT,
                       env=common.server_env(), check=True, stdout=subprocess.DEVNULL)
        timings.append(f"{command} {time.monotonic() - started:.0f} s")
    from django.db import connection

    from alianza.coalition.models import Organization, Signature
    from alianza.evidence.models import Entity, Figure

    counts = signatories_seed(listed=listed)
    Organization.objects.bulk_create(
        [Organization(name=f"Escuela y Familia {i:03d}",
                      normalized_name=f"escuela y familia {i:03d}",
                      kind="parent_group" if i % 2 else "nonprofit", county="19",
                      membership_status=Organization.Membership.MEMBER)
         for i in range(members - Organization.objects.filter(
             membership_status=Organization.Membership.MEMBER).count())])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    member_count = Organization.objects.filter(
        membership_status=Organization.Membership.MEMBER).count()
    return [
        "seeded: " + ", ".join(timings),
        f"signatures: {Signature.objects.filter(status='confirmed', listed=True).count():,} "
        f"listed and confirmed ({counts['unlisted']:,} unlisted, {counts['pending']:,} "
        f"waiting); member organizations: {member_count:,}; "
        f"evidence: {Entity.objects.count():,} places, {Figure.objects.count():,} figures",
    ]


def check(page: Page) -> str:
    with urllib.request.urlopen(common.BASE_URL + page.path, timeout=30) as response:
        body = response.read().decode()
        if response.status != 200 or page.expect not in body:
            raise SystemExit(f"{page.path}: {response.status}, expected {page.expect!r}")
    return f"{len(body):,} characters"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--listed", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database a previous run seeded (to measure again)")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 256:
        parser.error("keep the run bounded: 1–120 s and 1–256 connections")

    out: list[str] = []

    def say(*lines: str) -> None:
        for line in lines:
            print(line, flush=True)
            out.append(line)

    say(f"web_public.py {' '.join(sys.argv[1:])}".rstrip(),
        f"run: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine: {common.machine()}",
        f"load average at the start: {common.load_average()}")
    if args.reuse:
        common.django_setup()
        say("data: as the previous run seeded it (--reuse)")
    else:
        common.database_reset()
        common.django_setup()
        say(*seed(listed=args.listed, members=args.members))
    env = {}
    if args.redis:
        if not redis_running():
            raise SystemExit(f"Redis: no answer at {REDIS_URL}")
        env["REDIS_URL"] = REDIS_URL
        # New tokens: no page a previous run stored is served (other data may share Redis).
        for namespace in NAMESPACES:
            redis_generation_bump(namespace)
    say(f"server: gunicorn alianza.wsgi -w {args.workers} (sync), PostgreSQL, DEBUG off, "
        + ("pages and generation tokens in Redis" if args.redis else
           "pages in each process's memory, generation tokens in the database cache")
        + f"; wrk -t 2 -c {args.connections}, {args.seconds} s a page after a 2 s warm-up; "
        "anonymous visitors without cookies", "")
    rows = []
    with common.gunicorn(args.workers, env=env) as server:
        for page in PAGES:
            check(page)
            common.wrk(common.BASE_URL + page.path, seconds=2, connections=args.connections)
            before, cpu = transactions(), common.cpu_seconds_by_group({"web": {server.pid}})
            result = common.wrk(common.BASE_URL + page.path, seconds=args.seconds,
                                connections=args.connections)
            count = max(result.requests, 1)
            per_request = (transactions() - before) / count
            web_ms = (common.cpu_seconds_by_group({"web": {server.pid}})["web"]
                      - cpu["web"]) * 1000 / count
            rows.append((page, result, per_request, web_ms))
            print(f"  {page.label}: {result.per_second:,.0f} req/s", flush=True)
    health = rows[0][1].per_second
    say(f"{'page':<36} {'path':<38} {'req/s':>7} {'p99 ms':>7} {'ratio':>6} {'db tx/req':>9} "
        f"{'web CPU ms/req':>14}")
    for page, result, per_request, web_ms in rows:
        ratio = result.per_second / health
        flag = "" if page.label == "health" or ratio >= TARGET_RATIO else "  < 0.5"
        say(f"{page.label:<36} {page.path:<38} {result.per_second:>7,.0f} "
            f"{result.p99_ms:>7.1f} {ratio:>6.2f} {per_request:>9.3f} {web_ms:>14.2f}"
            + (f"  non-2xx {result.non_2xx}" if result.non_2xx else "") + flag)
    missed = [page.label for page, result, _t, _s in rows[1:]
              if result.per_second / health < TARGET_RATIO]
    say("", f"target (each page at least {TARGET_RATIO:.0%} of /health/): "
        + ("met by every page" if not missed else f"missed by {', '.join(missed)}"),
        f"load average at the end: {common.load_average()}")
    if args.listed == 20_000 and args.members == 200 and not args.reuse:
        RESULTS.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
