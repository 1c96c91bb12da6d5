"""Library search over 10,000 resources (half with a Spanish version), SQLite and PostgreSQL.

    .venv/bin/python bench/library_search.py            # both databases, writes results

Options: ``--resources N``, ``--rounds N``, ``--only sqlite|postgres``. SQLite runs in a
file under a temporary folder; PostgreSQL (127.0.0.1:5432, trust auth) in the database
``test_bench_library``, dropped and created. Each database is filled, indexed with
``library_search_rebuild``, then a mixed set of filtered searches runs through the
selector the index page uses (``library_search``: the match, the filters, counts per
filter value, one page of results) and, in the same run, the full-text statement alone.
Results: bench/results/library_search.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from library_seed import seed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "test_bench_library"
RESULTS = ROOT / "bench" / "results" / "library_search.txt"

# (words, filters, broad): a broad search matches half the library or more ("students"),
# reported apart from the rest because a reader narrows such a search before reading on.
QUERIES = [
    ("funding", {}, False), ("families", {}, True), ("educacion bilingue", {}, False),
    ("familias", {}, False), ("dual language immersion", {}, False),
    ("reclassification", {"kinds": ["report"]}, False),
    ("literacy", {"topics": ["topic-2"]}, False), ("política", {"languages": ["es"]}, False),
    ("teachers", {"audiences": ["audience-1"], "kinds": ["brief", "toolkit"]}, False),
    ("community", {"date_from": "2022-01-01", "date_to": "2023-12-31"}, False),
    ("research data", {"organizations": [3]}, False),
    ("newcomer students", {"topics": ["topic-4"]}, False),
    ("biliteracy seal", {}, False), ("interpretación", {}, False),
    ("students", {}, True), ("education", {"languages": ["en", "es"]}, True),
    ("estudiantes", {}, True),
    ("", {"topics": ["topic-1"]}, False),
    ("", {"kinds": ["fact_sheet"], "languages": ["en"]}, False),
    ("", {}, True),
]


def _setup(backend: str, tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alianza.settings")
    os.environ["ALIANZA_DATA_DIR"] = str(tmp)
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["SECRET_KEY"] = "bench-secret-key-not-for-production-0123456789abcdefghij"
    from importlib.util import find_spec

    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    os.environ["TASKS_BACKEND"] = f"{module}.backends.dummy.DummyBackend"
    if backend == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {PG_DB}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def run(backend: str, count: int, rounds: int) -> str:
    with tempfile.TemporaryDirectory(prefix="library-bench-") as tmp:
        _setup(backend, Path(tmp))
        import datetime

        from django.core.management import call_command
        from django.db import connection
        from django.utils import translation

        from alianza.library.search import text_matches
        from alianza.library.selectors import Filters, library_search

        began = time.perf_counter()
        seed(count)
        seeded = time.perf_counter()
        call_command("library_search_rebuild", verbosity=0)
        indexed = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        translation.activate("es")
        # {class: (selector ms, statement ms, matches)}; class "all", "narrow" or "broad"
        samples: dict[str, tuple[list, list, list]] = {
            name: ([], [], []) for name in ("all", "narrow", "broad")}
        for round_number in range(rounds + 1):
            for query, options, broad in QUERIES:
                options = dict(options)
                for key in ("date_from", "date_to"):
                    if key in options:
                        options[key] = datetime.date.fromisoformat(options[key])
                t0 = time.perf_counter()
                page = library_search(filters=Filters(query=query, **options))
                t1 = time.perf_counter()
                if query:
                    text_matches(query)
                t2 = time.perf_counter()
                if not round_number:  # the first round warms caches and is not counted
                    continue
                for name in ("all", "broad" if broad else "narrow"):
                    selector, raw, matched = samples[name]
                    selector.append((t1 - t0) * 1000)
                    if query:
                        raw.append((t2 - t1) * 1000)
                    matched.append(page.total)
        name = "PostgreSQL" if backend == "postgres" else "SQLite"
        version = connection.cursor().connection.info.server_version if backend == "postgres" \
            else __import__("sqlite3").sqlite_version
        lines = [
            f"{name} {version}: {count:,} resources ({count // 2:,} with Spanish), seeded in "
            f"{seeded - began:.1f} s, indexed in {indexed - seeded:.1f} s; "
            f"{len(QUERIES)} searches x {rounds} rounds\n"]
        labels = {"all": "every search", "narrow": "searches matching under half",
                  "broad": "broad searches (half or more)"}
        for key, (selector, raw, matched) in samples.items():
            s50, s95 = _percentiles(selector)
            r50, r95 = _percentiles(raw)
            lines.append(
                f"  {labels[key]}, median {statistics.median(matched):.0f} results:\n"
                f"    selector (match + filters + counts + one page): p50 {s50:6.1f} ms, "
                f"p95 {s95:6.1f} ms\n"
                f"    full-text statement alone (the limit):          p50 {r50:6.1f} ms, "
                f"p95 {r95:6.1f} ms\n")
        return "".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(run(args.only, args.resources, args.rounds), end="")
        return 0
    # One process per database: Django is set up once per process.
    out = [f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
           f"Python {platform.python_version()}\n"]
    for backend in [args.only] if args.only else ["sqlite", "postgres"]:
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--only", backend,
             "--resources", str(args.resources), "--rounds", str(args.rounds)],
            capture_output=True, text=True, check=True)
        out.append(done.stdout)
        print(done.stdout, end="", flush=True)
    if not args.only and args.resources == 10_000:
        RESULTS.write_text("".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
