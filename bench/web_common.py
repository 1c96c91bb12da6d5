"""Shared pieces of the web benchmarks: a PostgreSQL database, a gunicorn server, wrk.

Everything runs on 127.0.0.1. The database ``alianza_bench`` (``BENCH_DB`` to change it) is
dropped and created again by each benchmark, so nothing else on the server is touched.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("BENCH_DB", "alianza_bench")
DATABASE_URL = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8911"))
BASE_URL = f"http://{HOST}:{PORT}"
DATA_DIR = Path(tempfile.gettempdir()) / "alianza-bench"


def server_env() -> dict[str, str]:
    """Production-style settings: DEBUG off, PostgreSQL, database task queue, file email."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alianza.settings",
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "RATELIMIT_ENABLE": "0",  # the load comes from one address
        "SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdefghij",
        "ALIANZA_DATA_DIR": str(DATA_DIR),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SITE_URL": BASE_URL,
        "LOG_LEVEL": "ERROR",
    }


def django_setup() -> None:
    """Use the benchmark database from this process too (to seed and to check results)."""
    os.environ.update(server_env())
    sys.path.insert(0, str(ROOT))  # this checkout's code, like the server it starts
    import django

    django.setup()


def database_reset() -> None:
    """Drop and create ``alianza_bench``, then migrate it."""
    import psycopg

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"),
                         autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DB_NAME}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT, env=server_env(), check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "i18n_compile", "--verbosity", "0"],
        cwd=ROOT, env=server_env(), check=True,
    )


def statement_seed() -> None:
    """One open statement in English and Spanish, as on a real site."""
    from django.utils import timezone

    from alianza.coalition.models import Statement, StatementText, StatementVersion

    statement = Statement.objects.create(slug="statement-of-agreement")
    version = StatementVersion.objects.create(statement=statement, number=1,
                                              published_at=timezone.now())
    StatementText.objects.create(version=version, language="en", title="Statement of Agreement",
                                 summary="Our shared vision.", body="We believe. " * 40)
    StatementText.objects.create(version=version, language="es", title="Declaración de Acuerdo",
                                 summary="Nuestra visión compartida.", body="Creemos. " * 40)


@contextmanager
def gunicorn(workers: int, threads: int = 1, env: dict[str, str] | None = None):
    """Start ``gunicorn alianza.wsgi`` on 127.0.0.1 and stop it afterwards.

    ``env`` adds to or overrides ``server_env()`` (say, ``REDIS_URL``)."""
    command = [
        sys.executable, "-m", "gunicorn", "alianza.wsgi",
        "--workers", str(workers), "--bind", f"{HOST}:{PORT}",
        "--backlog", "2048", "--log-level", "warning", "--timeout", "60",
    ]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    process = subprocess.Popen(command, cwd=ROOT, env={**server_env(), **(env or {})},
                               start_new_session=True)
    try:
        # A busy machine can take more than half a minute to start four workers.
        deadline = time.monotonic() + float(os.environ.get("BENCH_START_SECONDS", "30"))
        while True:
            try:
                with urllib.request.urlopen(f"{BASE_URL}/health/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        # Let every worker open its database connection and load templates.
        for _ in range(workers * 20):
            urllib.request.urlopen(f"{BASE_URL}/health/", timeout=5).read()
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def db_workers(count: int, interval: float = 0.2):
    """Start ``count`` task workers (``manage.py db_worker``) and stop them afterwards."""
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", str(interval),
             "--no-startup-delay"],
            cwd=ROOT, env=server_env(), start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=(DATA_DIR / "db_worker.log").open("a"),
        )
        for _ in range(count)
    ]
    try:
        yield processes
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def cpu_seconds_by_group(groups: dict[str, set[int]]) -> dict[str, float]:
    """CPU time (user + system) so far of processes on this machine, grouped.

    ``groups`` names root process ids (gunicorn, the task workers); each root's
    descendants count with it. PostgreSQL backends and wrk are found by name; every
    other process counts as "other" (the rest of the shared machine). Linux only.
    """
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[str, int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        stats[int(entry.name)] = (name, int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    owner: dict[int, str] = {}
    for group, roots in groups.items():
        for pid in roots:
            owner[pid] = group
    changed = True
    while changed:  # descendants inherit their ancestor's group
        changed = False
        for pid, (_name, parent, _cpu) in stats.items():
            if pid not in owner and parent in owner:
                owner[pid] = owner[parent]
                changed = True
    totals = {group: 0.0 for group in [*groups, "postgres", "wrk", "other"]}
    for pid, (name, _parent, cpu) in stats.items():
        group = owner.get(pid) or ("postgres" if name.startswith("postgres")
                                   else "wrk" if name == "wrk" else "other")
        totals[group] += cpu
    return totals


def load_average() -> str:
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.1f} (5 min: {five:.1f})"


def csrf_pair(path: str) -> tuple[str, str]:
    """A CSRF cookie and a form token from one GET; the load generator reuses both."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(BASE_URL + path, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return cookie, token


@dataclass
class WrkResult:
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: str
    extra: dict[str, str]
    raw: str


def wrk(url: str, *, seconds: int, connections: int, threads: int = 2,
        script: Path | None = None, script_args: list[str] | None = None) -> WrkResult:
    """Run Debian's wrk against ``url`` (127.0.0.1 only) and read its report."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("load generation stays on 127.0.0.1")
    if shutil.which("wrk") is None:
        raise SystemExit("This benchmark needs wrk: apt-get install wrk")
    threads = min(threads, connections)  # wrk needs a connection per thread
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections),
               "-d", f"{seconds}s", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    raw = subprocess.run(command, capture_output=True, text=True, check=True,
                         timeout=seconds + 60).stdout
    extra = dict(re.findall(r"^@(\w+)=(\S+)$", raw, re.M))
    requests, secs = re.search(r"(\d+) requests in ([\d.]+)(m?s)", raw).group(1, 2)
    seconds_taken = float(secs)
    if re.search(r"requests in [\d.]+ms", raw):
        seconds_taken /= 1000
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", raw)
    socket = re.search(r"Socket errors: (.*)", raw)
    return WrkResult(
        requests=int(requests), seconds=seconds_taken,
        per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", raw).group(1)),
        p50_ms=float(extra.get("p50_ms") or _percentile(raw, "50%")),
        p90_ms=float(extra.get("p90_ms") or _percentile(raw, "90%")),
        p99_ms=float(extra.get("p99_ms") or _percentile(raw, "99%")),
        max_ms=float(extra.get("max_ms", "nan")),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=socket.group(1).strip() if socket else "none",
        extra=extra, raw=raw,
    )


def _percentile(raw: str, label: str) -> float:
    value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", raw, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = found.group(1) if found else cpu
    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")
