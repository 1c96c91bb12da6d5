"""Requests per second of the library's public pages for anonymous readers, 10,000 resources.

    .venv/bin/python bench/web_library.py        # 4 gunicorn workers, 16 connections, 10 s a page

Options: --workers N, --threads N (gthread workers), --seconds S, --connections C,
--context-connections C (for the pages not cached, default 1), --resources N,
--cache database|redis|both. Needs PostgreSQL on 127.0.0.1:5432 with trust
auth (the database ``alianza_bench`` is dropped and created) and Debian's wrk
(``apt-get install wrk``); Redis on 127.0.0.1:6379 for the Redis run (``BENCH_REDIS_URL``,
default database 9 there, to change it). Results (with the default 10,000 resources):
bench/results/web_library.txt.

Anonymous readers get the library's pages from ``alianza/core/page_cache.py`` (namespace
"library"). Where the pages live depends on the settings: without ``REDIS_URL`` each web
process keeps them in its own memory (the "default" cache, locmem) and reads the generation
token from the database cache ("shared") at most once every two seconds; with ``REDIS_URL``
both are in Redis. Both arrangements are measured, each with its own gunicorn. Measured: the
first page in English and Spanish and a resource page in English and Spanish (all cached),
and, for context and once, two pages the cache does not keep: a search (``?q=``) and the
first page with ``?page=1`` (what the first page costs to render).

Before each run the script fetches the page once and checks that it answers 200 with the
expected title; after it, it reports wrk's non-2xx count and how many database
transactions PostgreSQL counted per request (near zero when the page came from the cache).
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import web_common as common
from library_seed import seed

RESULTS = common.ROOT / "bench" / "results" / "web_library.txt"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
TARGET_PER_SECOND = 1000
SEARCH = "funding"


@dataclass
class Page:
    label: str
    path: str
    expected: str  # text the body must contain
    cached: bool


def pages_find() -> list[Page]:
    """The pages to measure, with what each must show, from the seeded rows."""
    from django.urls import reverse
    from django.utils import translation
    from django.utils.html import escape

    from alianza.library.models import ResourceText

    # The first resource that is published and has both languages.
    texts = {text.language: text.title for text in
             ResourceText.objects.filter(resource__slug="resource-1")}
    paths = {}
    for language in ("en", "es"):
        with translation.override(language):
            paths[language] = (reverse("library-index"),
                               reverse("library-resource", kwargs={"slug": "resource-1"}))
    return [
        Page("first page (English)", paths["en"][0], "<title>Library · ", True),
        Page("first page (Spanish)", paths["es"][0], "<title>Biblioteca · ", True),
        Page("resource page (English)", paths["en"][1], f"<title>{escape(texts['en'])} · ", True),
        Page("resource page (Spanish)", paths["es"][1], f"<title>{escape(texts['es'])} · ", True),
        Page(f"search '{SEARCH}' (not cached)", f"{paths['en'][0]}?q={SEARCH}",
             f'value="{SEARCH}"', False),
        Page("first page with ?page=1 (not cached)", f"{paths['en'][0]}?page=1",
             "<title>Library · ", False),
    ]


def redis_running() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_generation_bump(namespace: str) -> None:
    """A new generation in Redis, so no page stored by an earlier run is served."""
    import secrets

    from django.core.cache.backends.redis import RedisCache

    from alianza.core.page_cache import GENERATION_KEY

    RedisCache(REDIS_URL, {}).set(GENERATION_KEY.format(namespace), secrets.token_hex(8),
                                  timeout=None)


def cache_runs(args, pages: list, *, say, bump, targeted=lambda page: True) -> list[str]:
    """Serve ``pages`` from gunicorn once per cache arrangement asked for (``--cache``) and
    measure each with wrk; returns the summary lines for the cached pages. ``bump`` starts
    Redis on a fresh generation; ``targeted`` says which pages the 1,000/s target is for."""
    say(f"server: gunicorn alianza.wsgi -w {args.workers}"
        + (f" --threads {args.threads} (gthread)" if args.threads > 1 else " (sync)")
        + f", PostgreSQL, DEBUG off; wrk -t 2 -c {args.connections} (pages not cached: "
        f"-c {args.context_connections}), {args.seconds} s a page after a 2 s warm-up; "
        "anonymous readers (no cookies)")
    setups = []
    if args.cache in ("database", "both"):
        setups.append(("locmem + database", "no REDIS_URL (the settings' fallback): pages in "
                       "each process's memory (locmem 'default'), generation token in the "
                       "database cache ('shared', table alianza_cache)", {}))
    if args.cache in ("redis", "both"):
        if redis_running():
            bump()
            setups.append(("Redis", f"REDIS_URL={REDIS_URL}: pages and generation token in "
                           "Redis ('default' and 'shared')", {"REDIS_URL": REDIS_URL}))
        else:
            say(f"Redis: no answer at {REDIS_URL}, Redis run skipped")
    summary = []
    for number, (short, name, env) in enumerate(setups):
        say("", f"cache: {name}")
        # Pages the cache does not keep cost the same whatever the cache: measured once.
        measured = [page for page in pages if page.cached or number == 0]
        with common.gunicorn(args.workers, args.threads, env=env) as server:
            for page in measured:
                lines, result, alone = page_measure(
                    page, gunicorn_pid=server.pid, seconds=args.seconds,
                    connections=args.connections if page.cached else args.context_connections,
                    threads=2)
                say(*lines)
                if page.cached:
                    target = ""
                    if targeted(page):
                        met = result.per_second >= TARGET_PER_SECOND
                        target = (f"target {TARGET_PER_SECOND:,}/s "
                                  f"{'met' if met else 'missed'}; ")
                    summary.append(f"  {short}, {page.label}: {result.per_second:,.0f} req/s, "
                                   f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
                                   f"non-2xx {result.non_2xx} ({target}about {alone:,.0f}/s "
                                   "with the machine to itself)")
    return summary


def pids_named(name: str) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == name:
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def database_backends() -> dict[int, float]:
    """CPU seconds so far of PostgreSQL's processes serving the benchmark database (the web
    workers keep theirs open), not those of other databases on the same server."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if f" {common.DB_NAME} " in title:
                    stat = (entry / "stat").read_text()
                    fields = stat[stat.rindex(")") + 2:].split()
                    found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return found


def transactions() -> int:
    """Transactions PostgreSQL has counted in the benchmark database (one per statement
    outside a transaction block, as Django runs reads)."""
    import psycopg

    with psycopg.connect(common.PG_ADMIN_URL.replace("postgres://", "postgresql://"),
                         autocommit=True) as connection:
        row = connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
            [common.DB_NAME]).fetchone()
    return int(row[0])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (not idle, not waiting for disk)."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def page_check(page: Page) -> str:
    with urllib.request.urlopen(common.BASE_URL + page.path, timeout=30) as response:
        status, body = response.status, response.read().decode()
    if status != 200 or page.expected not in body:
        raise SystemExit(f"{page.path} answered {status} without {page.expected!r}")
    return f"200, {len(body):,} characters, contains {page.expected.strip()!r}"


def page_measure(page: Page, *, gunicorn_pid: int, seconds: int, connections: int,
                 threads: int) -> tuple[list[str], common.WrkResult, float]:
    lines = [f"  {page.label} — {page.path}",
             f"    load average before: {common.load_average()}",
             f"    check (urllib, before the load): {page_check(page)}"]
    url = common.BASE_URL + page.path
    common.wrk(url, seconds=2, connections=connections, threads=threads)  # warm-up
    groups = {"web (gunicorn)": {gunicorn_pid}, "redis": pids_named("redis-server")}
    time.sleep(0.6)  # PostgreSQL publishes its counters about once a second
    xacts_before = transactions()
    cpu_before, children_before = common.cpu_seconds_by_group(groups), _children_cpu()
    database_before = database_backends()
    busy_before, began = _machine_busy(), time.monotonic()
    result = common.wrk(url, seconds=seconds, connections=connections, threads=threads)
    busy, elapsed = _machine_busy() - busy_before, time.monotonic() - began
    cpu_after, database_after = common.cpu_seconds_by_group(groups), database_backends()
    time.sleep(1.2)
    xacts = transactions() - xacts_before
    used = {group: cpu_after[group] - cpu_before[group] for group in groups}
    # A backend that ends during the run (its connection reached CONN_MAX_AGE) takes its
    # time with it; that time is counted in the rest of the machine.
    used[f"postgres ({common.DB_NAME})"] = sum(
        cpu - database_before.get(pid, 0.0) for pid, cpu in database_after.items())
    # wrk has exited by now, so it is not in /proc: its CPU is this process's children's.
    used["wrk"] = _children_cpu() - children_before
    # The rest of the machine from its total, not from its processes, some of which end
    # during the run and take their CPU time out of the sum.
    used["rest of the machine"] = max(0.0, busy - sum(used.values()))
    served = max(result.requests, 1)
    # What this page would reach with the machine to itself, if CPU is what limits it.
    ours = sum(v for group, v in used.items() if group != "rest of the machine") / served
    alone = os.cpu_count() / ours if ours else float("nan")
    cpu = ", ".join(f"{group} {seconds_used * 1000 / served:.2f} ms"
                    for group, seconds_used in used.items()
                    if group != "redis" or groups["redis"])
    lines += [
        f"    {result.per_second:,.0f} req/s ({result.requests:,} in {result.seconds:.1f} s); "
        f"latency p50 {result.p50_ms:.1f} ms, p90 {result.p90_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms",
        f"    non-2xx: {result.non_2xx}, socket errors: {result.socket_errors}; "
        f"database transactions per request: {xacts / served:.3f}",
        f"    CPU per request: {cpu}; "
        f"cores busy: {busy / elapsed:.2f} of {os.cpu_count()}",
    ]
    if page.cached:  # pages not cached are measured for latency (one connection), not rate
        lines.append(f"    with the machine to itself (its cores / our CPU per request): "
                     f"about {alone:,.0f} req/s")
    lines.append(f"    load average at the end of the load: {common.load_average()}")
    return lines, result, alone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--context-connections", type=int, default=1,
                        help="connections for the pages not cached (their latency, not "
                             "their queue)")
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--cache", choices=["database", "redis", "both"], default="both")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 256 \
            or not 1 <= args.context_connections <= 256:
        parser.error("keep the run bounded: 1–120 s and 1–256 connections")

    out: list[str] = []

    def say(*lines: str) -> None:
        for line in lines:
            print(line, flush=True)
            out.append(line)

    say(f"web_library.py {' '.join(sys.argv[1:])}".rstrip(),
        f"run: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine: {common.machine()}",
        f"load average at the start: {common.load_average()}")
    common.database_reset()
    common.django_setup()
    from django.core.management import call_command
    from django.db import connection

    began = time.perf_counter()
    seed(args.resources)
    seeded = time.perf_counter()
    call_command("library_search_rebuild", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    say(f"library: {args.resources:,} resources ({args.resources // 2:,} with a Spanish "
        f"version, one in twenty unpublished), seeded in {seeded - began:.1f} s, indexed "
        f"(library_search_rebuild) in {time.perf_counter() - seeded:.1f} s")
    pages = pages_find()
    summary = cache_runs(args, pages, say=say, bump=lambda: redis_generation_bump("library"))
    say("", "summary (cached pages):", *summary)
    if args.resources == 10_000:  # a smaller library is a trial, not a result
        RESULTS.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
