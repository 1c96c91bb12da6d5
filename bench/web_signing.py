"""Signature submissions per second, with none lost or duplicated.

    .venv/bin/python bench/web_signing.py            # 4 gunicorn workers, 20 s, 32 connections

Options: --workers N, --threads N (gthread workers), --seconds S, --connections C,
--wrk-threads T, --db-workers N (task workers running during the load; default 1).
Needs PostgreSQL on 127.0.0.1:5432 with trust auth (the database ``alianza_bench`` is
dropped and created) and Debian's wrk (``apt-get install wrk``).

The server is production-style: ``gunicorn alianza.wsgi``, DEBUG off, PostgreSQL, the
database task backend with ``db_worker`` processes running during the load (they carry
out the queued submissions in batches and deliver the confirmation emails to the file
backend), rate limits off because all load comes from 127.0.0.1. wrk posts the join form
with a new address per request, reusing one CSRF cookie and token. While wrk runs, the
intake backlog (submissions stored but not yet carried out) is sampled every second;
afterwards the script waits for the backlog to drain and then looks up every address the
server acknowledged: exactly one request stored for confirmation and one confirmation
email each (people, signatures and consents are written only when a link is opened).
"""

from __future__ import annotations

import argparse
import resource
import secrets
import sys
import threading
import time
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
    """The addresses of the submissions the server acknowledged (through their receipts)."""
    from alianza.coalition.models import JoinSubmission
    from alianza.coalition.services.tokens import read_receipt_token

    receipts = []
    for path in (common.DATA_DIR / "accepted").glob(f"accepted-{run}-*.txt"):
        receipts += path.read_text().split()
    ids = [read_receipt_token(receipt) for receipt in receipts]
    emails = dict(JoinSubmission.objects.filter(pk__in=[i for i in ids if i])
                  .values_list("pk", "payload__email"))
    return [emails.get(i, f"unknown-receipt-{i}") for i in ids]


def database_check(run: str) -> dict:
    """Compare what the server acknowledged with what the database holds."""

    from alianza.coalition.models import JoinConfirmation
    from alianza.core.models import OutboundEmail

    # Nothing but the request waiting for confirmation is written until someone opens
    # the emailed link, so that, and its email, is what each submission must leave.
    prefix = f"b{run}-"
    accepted = accepted_addresses(run)
    waiting = Counter(JoinConfirmation.objects.filter(email__startswith=prefix)
                      .values_list("email", flat=True))
    emails = Counter(OutboundEmail.objects.filter(to__startswith=prefix)
                     .values_list("to", flat=True))
    return {
        "acknowledged": len(accepted),
        "acknowledged twice": sum(1 for n in Counter(accepted).values() if n > 1),
        "requests stored for confirmation": sum(waiting.values()),
        "confirmation emails queued": sum(emails.values()),
        "lost (acknowledged, not stored)": len(set(accepted) - set(waiting)),
        "addresses stored twice": sum(1 for n in waiting.values() if n > 1),
        "addresses with two emails": sum(1 for n in emails.values() if n > 1),
        "stored, reply cut off when wrk stopped": len(set(waiting) - set(accepted)),
    }


def backlog() -> int:
    """Submissions stored but not yet carried out."""
    try:
        from alianza.coalition.models import JoinSubmission
    except ImportError:  # the code before the intake queue carried them out at once
        return 0

    return JoinSubmission.objects.exclude(status=JoinSubmission.Status.DONE).count()


class BacklogSampler(threading.Thread):
    """Counts the intake backlog once a second while the load runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        from django.db import connection

        while not self.stop.wait(1.0):
            self.samples.append(backlog())
        connection.close()


def backlog_drain(*, timeout: float) -> float | None:
    """Seconds until every stored submission has been carried out (None: timed out)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if backlog() == 0:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def emails_sent(run: str) -> tuple[int, int]:
    from alianza.core.models import OutboundEmail

    rows = OutboundEmail.objects.filter(to__startswith=f"b{run}-")
    return rows.filter(status=OutboundEmail.Status.SENT).count(), rows.count()


def cpu_per_submission(count: int = 300) -> float:
    """Milliseconds of CPU one submission costs the web process (serially, in process)."""
    from django.test import Client

    client = Client()
    data = {"actions": ["sign_individual"], "name": "Cpu Probe", "listed": "on",
            "title": "Parent"}
    for i in range(20):
        client.post("/en/join/", {**data, "email": f"cpu-warm-{i}@example.org"})
    started = time.process_time()
    for i in range(count):
        client.post("/en/join/", {**data, "email": f"cpu-{i}@example.org"})
    return (time.process_time() - started) / count * 1000


def cpu_per_processed_submission() -> float | None:
    """Milliseconds of CPU the batch processor spends per submission (in process)."""
    try:
        from alianza.coalition.services.intake import join_submissions_drain
    except ImportError:  # the code before the intake queue
        return None
    from alianza.coalition.models import JoinSubmission

    waiting = JoinSubmission.objects.exclude(status=JoinSubmission.Status.DONE).count()
    if not waiting:
        return None
    started = time.process_time()
    join_submissions_drain()
    return (time.process_time() - started) / waiting * 1000


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
    assert response.status_code == 302, response.status_code
    return len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--db-workers", type=int, default=1)
    parser.add_argument("--drain-timeout", type=int, default=300)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 300 or not 1 <= args.connections <= 512:
        parser.error("keep the run bounded: 1–300 s and 1–512 connections")
    if not 0 <= args.db_workers <= 8:
        parser.error("0–8 task workers")

    common.database_reset()
    common.django_setup()
    common.statement_seed()
    print(f"machine: {common.machine()}")
    print(f"load average before: {common.load_average()}")
    print(f"server: gunicorn alianza.wsgi -w {args.workers}"
          + (f" --threads {args.threads} (gthread)" if args.threads > 1 else " (sync)")
          + f", PostgreSQL, DEBUG off, database task backend, {args.db_workers} db_worker")
    run = secrets.token_hex(3)
    sampler = BacklogSampler()
    with common.gunicorn(args.workers, args.threads) as server, \
            common.db_workers(args.db_workers) as workers:
        submissions_measure(seconds=3, connections=args.connections,
                            wrk_threads=args.wrk_threads, run="warm")
        groups = {"web (gunicorn)": {server.pid},
                  "task workers": {worker.pid for worker in workers}}
        sampler.start()
        cpu_before = common.cpu_seconds_by_group(groups)
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = submissions_measure(seconds=args.seconds, connections=args.connections,
                                     wrk_threads=args.wrk_threads, run=run)
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk has exited by now
        cpu_after = common.cpu_seconds_by_group(groups)
        cpu_after["wrk"] = (wrk_after.ru_utime + wrk_after.ru_stime
                            - wrk_before.ru_utime - wrk_before.ru_stime)
        cpu_before["wrk"] = 0.0
        sampler.stop.set()
        sampler.join()
        load_after = common.load_average()
        drained = backlog_drain(timeout=args.drain_timeout) if args.db_workers else None
        sent, queued = emails_sent(run)
    print(f"load average at the end of the load: {load_after}")
    print(f"wrk: {args.connections} connections, {args.wrk_threads} threads, {args.seconds} s")
    print(f"submissions: {result.extra.get('ok')} accepted, {result.extra.get('failed')} "
          f"failed, socket errors: {result.socket_errors}")
    print(f"throughput: {result.per_second:.0f} submissions/s")
    print(f"latency: p50 {result.p50_ms:.1f} ms, p90 {result.p90_ms:.1f} ms, "
          f"p99 {result.p99_ms:.1f} ms, max {result.max_ms:.1f} ms")
    served = max(result.requests, 1)
    print("CPU during the load, per submission served: " + ", ".join(
        f"{group} {(cpu_after[group] - cpu_before[group]) / served * 1000:.2f} ms"
        for group in cpu_after))
    print("CPU during the load, cores busy: " + ", ".join(
        f"{group} {(cpu_after[group] - cpu_before[group]) / result.seconds:.2f}"
        for group in cpu_after))
    if sampler.samples:
        print(f"intake backlog during the load (per second): max {max(sampler.samples)}, "
              f"at the end {sampler.samples[-1]}; samples {sampler.samples}")
    if args.db_workers:
        print("backlog drained " + (f"{drained:.1f} s after the load stopped"
                                    if drained is not None else "— NOT within the timeout"))
        print(f"confirmation emails delivered by then: {sent} of {queued}")
    check = database_check(run)
    for label, value in check.items():
        print(f"  {label}: {value}")
    print(f"SQL statements per submission (web request): {queries_per_submission()}")
    print(f"CPU per submission, web request (in process): {cpu_per_submission():.2f} ms")
    processed = cpu_per_processed_submission()
    if processed is not None:
        print(f"CPU per submission, batch processor (in process): {processed:.2f} ms")
    ok = (check["lost (acknowledged, not stored)"] == 0
          and check["addresses stored twice"] == 0
          and check["addresses with two emails"] == 0
          and check["acknowledged twice"] == 0
          and check["confirmation emails queued"] == check["requests stored for confirmation"]
          and (drained is not None or not args.db_workers))
    print("integrity: " + ("none lost, none duplicated" if ok else "PROBLEM — see above"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
