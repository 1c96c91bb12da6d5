"""Time the full Django import of the statewide UPC workbook: file → figures in the database.

    .venv/bin/python bench/evidence_dataset_import.py            # SQLite, and PostgreSQL if up
    .venv/bin/python bench/evidence_dataset_import.py --repeat 5 --postgres postgres://postgres@127.0.0.1:5432

Each database gets a fresh schema: SQLite in a temporary folder; on PostgreSQL the database
``alianza_bench_evidence`` is dropped and created again (no other database is touched). One
run is ``dataset_import``: hash the file, read the workbook, build the long figures (with the
county and state totals summed), and insert the version, figures and entities in one
transaction. Between runs the version is deleted so every run imports for real. A last run
imports the same file again, which must change nothing. Target: under 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "cde" / "cupc2425-k12.xlsx"
BENCH_DB = "alianza_bench_evidence"
TARGET_SECONDS = 10.0


def child(path: Path, repeat: int) -> None:
    """Runs inside a fresh process with DATABASE_URL and ALIANZA_DATA_DIR already set."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alianza.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from alianza.evidence.models import Dataset, Entity, Figure
    from alianza.evidence.services.datasets import dataset_import

    call_command("migrate", verbosity=0)
    times = []
    for _ in range(repeat):
        Dataset.objects.all().delete()
        Entity.objects.all().delete()
        start = time.perf_counter()
        outcome = dataset_import(path=path, source_name=path.name)
        times.append(time.perf_counter() - start)
        assert outcome.created
    start = time.perf_counter()
    again = dataset_import(path=path, source_name=path.name)
    noop = time.perf_counter() - start
    assert not again.created
    print(json.dumps({
        "vendor": connection.vendor,
        "times": times,
        "noop": noop,
        "figures": Figure.objects.count(),
        "entities": Entity.objects.count(),
        "rows": outcome.dataset.row_count,
    }))


def _postgres_url(server: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    except Exception as error:  # noqa: BLE001 - PostgreSQL is optional here
        print(f"PostgreSQL at {server} not used: {error}")
        return None
    return f"{server}/{BENCH_DB}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432",
                        help="PostgreSQL server URL without a database name ('' to skip).")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.path.exists():
        print(f"No workbook at {args.path}; pass the path of a cupcYYYY-k12.xlsx file.")
        return 1
    if args.child:
        child(args.path, args.repeat)
        return 0

    print(f"Workbook: {args.path.name} ({args.path.stat().st_size / 1e6:.1f} MB); "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs; {args.repeat} runs\n")
    databases = []
    with tempfile.TemporaryDirectory() as folder:
        databases.append(("SQLite", f"sqlite:///{folder}/bench.sqlite3", folder))
        if args.postgres and (url := _postgres_url(args.postgres)):
            databases.append(("PostgreSQL", url, folder))
        failed = False
        for label, url, data_dir in databases:
            env = {**os.environ, "DATABASE_URL": url, "ALIANZA_DATA_DIR": data_dir}
            result = subprocess.run(
                [sys.executable, __file__, str(args.path), "--repeat", str(args.repeat),
                 "--child"], env=env, capture_output=True, text=True, cwd=ROOT,
            )
            if result.returncode:
                print(f"{label}: failed\n{result.stderr[-2000:]}")
                failed = True
                continue
            data = json.loads(result.stdout.strip().splitlines()[-1])
            best, median = min(data["times"]), statistics.median(data["times"])
            verdict = "meets" if best < TARGET_SECONDS else "MISSES"
            print(f"{label:<11} best {best:.2f} s, median {median:.2f} s "
                  f"({data['rows']:,} rows → {data['figures']:,} figures, "
                  f"{data['entities']:,} entities); same file again: {data['noop'] * 1000:.0f} ms"
                  f" (no-op); {verdict} the {TARGET_SECONDS:.0f} s target")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
