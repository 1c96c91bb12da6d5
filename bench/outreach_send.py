"""Benchmark: a 100,000-recipient bilingual mailing to a local SMTP sink.

    .venv/bin/python bench/outreach_send.py [--recipients 100000] [--workers 1]

Real processes throughout: a fresh SQLite database (or DATABASE_URL), ``manage.py
outreach_worker`` as the sender, and a minimal asyncio SMTP sink in another process that
counts every recipient it accepted. Two runs:

1. a clean run: render → SMTP hand-off rate, worker peak memory;
2. a run where the sink SIGKILLs the worker in the middle of message N/2 (before accepting
   it) and a new worker is started at once; it takes over the dead worker's claimed batch
   after the claim timeout.

Both runs check zero duplicates and zero losses at the sink.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
import time
from django.utils import timezone
from alianza.coalition.models import CoalitionProfile, Person
from alianza.outreach.models import *
CoalitionProfile.objects.create(name="Alianza", postal_address="123 Main St\\nLos Angeles, CA")
lst = MailingList.objects.create(slug="updates")
now = timezone.now()
for start in range(0, N, 10000):
    people = Person.objects.bulk_create([
        Person(name=f"Persona Número {i}" if i % 2 else f"Person {i}",
               email=f"p{i}@example.org", preferred_language="es" if i % 2 else "en")
        for i in range(start, min(N, start + 10000))])
    Subscription.objects.bulk_create([
        Subscription(person=p, mailing_list=lst, status="confirmed", source="bench",
                     language=p.preferred_language, confirmed_at=now) for p in people])
Segment.objects.create(name="Everyone", definition={"lists": ["updates"]})
"""

NEW_MAILING = """
import time
from alianza.outreach.models import *
from alianza.outreach.services import sending
body = "<p>{greeting} {{{{ name }}}},</p>" + "<p>{para}</p>" * 12
link = "<a href='https://example.org/r'>{}</a>."
m = Mailing.objects.create(name="Bench", segment=Segment.objects.get())
MailingContent.objects.create(mailing=m, language="en", subject="Policy update for {{ name }}",
    html_body=body.format(greeting="Hello", para="The coalition met with legislators this week "
    "about English learners, the Seal of Biliteracy and the state budget. "
    + link.format("Read more")))
MailingContent.objects.create(mailing=m, language="es", subject="Novedades para {{ name }}",
    html_body=body.format(greeting="Hola,", para="La coalición se reunió con legisladores esta "
    "semana sobre estudiantes de inglés, el Sello de Bilingüismo y el presupuesto estatal. "
    + link.format("Más información")))
started = time.perf_counter()
assert sending.mailing_start(mailing_id=m.pk, queue_delivery=False) == []
print(m.pk, round(time.perf_counter() - started, 2))
"""

REPORT = """
import json
from django.db.models import Count
from alianza.outreach.models import Delivery, Mailing
m = Mailing.objects.get(pk=MAILING)
print(json.dumps({"statuses": dict(Delivery.objects.filter(mailing=m).values_list("status")
                  .annotate(n=Count("id"))), "mailing": m.status}))
"""


# The sink ------------------------------------------------------------------------------


def run_sink(port: int, out: str, kill_at: int, pid_file: str) -> None:
    """A minimal SMTP server: enough of RFC 5321 for smtplib, counting accepted recipients."""
    counts: Counter[str] = Counter()
    state = {"accepted": 0, "first": None, "last": None, "killed": False}

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # The sender being killed mid-conversation is expected in the restart run.
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            await converse(reader, writer)

    async def converse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 sink ESMTP\r\n")
        rcpts: list[str] = []
        while True:
            line = await reader.readline()
            if not line:
                break
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                writer.write(b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n")
            elif verb == b"MAIL":
                rcpts = []
                writer.write(b"250 OK\r\n")
            elif verb == b"RCPT":
                rcpts.append(line.split(b"<", 1)[1].split(b">", 1)[0].decode().lower())
                writer.write(b"250 OK\r\n")
            elif verb == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                await reader.readuntil(b"\r\n.\r\n")
                arriving = state["accepted"] + 1
                if kill_at and arriving == kill_at and not state["killed"]:
                    state["killed"] = True
                    pid = int(Path(pid_file).read_text())
                    os.kill(pid, signal.SIGKILL)  # the sender dies before we accept
                    writer.write(b"451 4.3.0 try again\r\n")
                    continue
                state["accepted"] = arriving
                now = time.perf_counter()
                state["first"] = state["first"] or now
                state["last"] = now
                counts.update(rcpts)
                writer.write(b"250 OK queued\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            elif verb == b"STAT":
                duplicates = sum(1 for n in counts.values() if n > 1)
                Path(out).write_text(json.dumps({
                    "accepted": state["accepted"], "unique": len(counts),
                    "duplicates": duplicates,
                    "seconds": (state["last"] or 0) - (state["first"] or 0)}))
                writer.write(b"250 written\r\n")
            elif verb == b"RSET" or verb == b"NOOP":
                writer.write(b"250 OK\r\n")
            else:
                writer.write(b"502 not implemented\r\n")
            await writer.drain()
        writer.close()

    async def main() -> None:
        server = await asyncio.start_server(session, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def sink_stats(port: int, out: Path) -> dict:
    import socket

    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.recv(100)
        sock.sendall(b"STAT\r\n")
        sock.recv(100)
        sock.sendall(b"QUIT\r\n")
    return json.loads(out.read_text())


# The driver ----------------------------------------------------------------------------


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout


def peak_rss_mb(pid: int, peaks: dict, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]) / 1024)
        except (FileNotFoundError, ProcessLookupError):
            return
        time.sleep(0.1)


def start_worker(env: dict, mailing_id: int, peaks: dict, stop: threading.Event):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "outreach_worker", "--mailing", str(mailing_id),
         "--until-done", "--sleep", "0.2", "--tick-every", "0"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    threading.Thread(target=peak_rss_mb, args=(process.pid, peaks, stop), daemon=True).start()
    return process


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def one_run(env, base: Path, n: int, workers: int, kill: bool) -> dict:
    port = free_port()
    out = base / f"sink-{port}.json"
    pid_file = base / "worker.pid"
    sink = subprocess.Popen([sys.executable, __file__, "--sink", str(port), "--out", str(out),
                             "--kill-at", str(n // 2 if kill else 0), "--pid-file",
                             str(pid_file)])
    time.sleep(0.5)
    env = {**env, "EMAIL_PORT": str(port)}
    mailing_id, expand_seconds = manage(env, "shell", "-c", NEW_MAILING).split()[-2:]
    mailing_id = int(mailing_id)
    peaks: dict[int, float] = {}
    stop = threading.Event()
    started = time.perf_counter()
    processes = [start_worker(env, mailing_id, peaks, stop) for _ in range(workers)]
    pid_file.write_text(str(processes[0].pid))
    restarted_after = None
    if kill:
        processes[0].wait()
        assert processes[0].returncode == -signal.SIGKILL, processes[0].stderr.read()[-2000:]
        restarted_after = time.perf_counter() - started
        processes[0] = start_worker(env, mailing_id, peaks, stop)
    for process in processes:
        process.wait()
        if process.returncode:
            raise SystemExit(process.stderr.read()[-3000:])
    elapsed = time.perf_counter() - started
    stop.set()
    stats = sink_stats(port, out)
    sink.terminate()
    report = json.loads(manage(env, "shell", "-c", REPORT.replace("MAILING", str(mailing_id)))
                        .strip().splitlines()[-1])
    return {
        "recipients": n, "workers": workers, "killed_and_restarted": kill,
        "expand_seconds": float(expand_seconds),
        "wall_seconds_including_startup": round(elapsed, 2),
        "sink_seconds_first_to_last": round(stats["seconds"], 2),
        "messages_per_second_wall": round(n / elapsed),
        "messages_per_second_at_sink": round(stats["accepted"] / max(stats["seconds"], 1e-9)),
        "accepted": stats["accepted"], "unique_recipients": stats["unique"],
        "duplicates": stats["duplicates"], "losses": n - stats["unique"],
        "restarted_after_seconds": round(restarted_after, 2) if restarted_after else None,
        "worker_peak_rss_mb": round(max(peaks.values()), 1),
        "deliveries": report["statuses"], "mailing_status": report["mailing"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--claim-timeout", type=float, default=5.0)
    parser.add_argument("--sink", type=int)
    parser.add_argument("--out")
    parser.add_argument("--kill-at", type=int, default=0)
    parser.add_argument("--pid-file")
    args = parser.parse_args()
    if args.sink:
        run_sink(args.sink, args.out, args.kill_at, args.pid_file)
        return
    base = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OUTREACH_", "EMAIL_"))}
    env.setdefault("DATABASE_URL", f"sqlite:///{base / 'bench.sqlite3'}")
    env.update(ALIANZA_DATA_DIR=str(base), EMAIL_HOST="127.0.0.1", EMAIL_USE_TLS="0",
               OUTREACH_CLAIM_TIMEOUT=str(args.claim_timeout), OUTREACH_BATCH_SIZE="500",
               SITE_URL="https://alianza.example.org", DEBUG="0")
    print(f"database: {env['DATABASE_URL']}")
    t = time.perf_counter()
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", f"N = {args.recipients}\n" + SETUP)
    print(f"setup ({args.recipients} people and subscriptions): {time.perf_counter() - t:.1f} s")
    results = []
    for kill in (False, True):
        result = one_run(env, base, args.recipients, args.workers, kill)
        results.append(result)
        print(json.dumps(result, indent=2))
    ok = all(r["duplicates"] == 0 and r["losses"] == 0 and r["mailing_status"] == "sent"
             for r in results)
    print("zero duplicates and zero losses:", ok)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
