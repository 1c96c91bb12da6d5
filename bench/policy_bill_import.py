"""Importing a full session of bills from Open States API pages, SQLite and PostgreSQL.

    .venv/bin/python bench/policy_bill_import.py        # both databases, writes results

Options: ``--bills N``, ``--only sqlite|postgres``. A session of 5,000 fictional California
bills (bench/policy_bill_files.py: 10-40 actions each, sponsors, versions, roll calls voter
by voter) is written as 20-bill JSON pages into a temporary folder, and 120 legislators are
created so sponsors link. Then, through ``manage.py policy_import_bills``' service:

1. full import into an empty database (target under 60 s);
2. the same files again, nothing changed (target under 10 s);
3. 100 bills changed (a new action each, every third a new vote and title; 50 of the 5,000
   tracked so their news is recorded) and the folder imported again (target under 15 s).

SQLite runs in a file under the temporary folder; PostgreSQL (127.0.0.1:5432, trust auth)
in the database ``test_bench_policy``, dropped and created. Results:
bench/results/policy_bill_import.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policy_bill_files import change_bills, roster, write_session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "test_bench_policy"
RESULTS = ROOT / "bench" / "results" / "policy_bill_import.txt"
TARGETS = {"full": 60.0, "unchanged": 10.0, "changed": 15.0}


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


def _legislators() -> None:
    from alianza.policy.models import Legislator, LegislatorRole

    people = roster()
    made = Legislator.objects.bulk_create([
        Legislator(openstates_id=p["id"], name=p["name"], given_name=p["name"].split()[0],
                   family_name=p["name"].split()[-1]) for p in people])
    LegislatorRole.objects.bulk_create([
        LegislatorRole(legislator=m, chamber=p["chamber"]) for m, p in
        zip(made, people, strict=True)])


def _timed(paths: list[Path]):
    from alianza.policy.services.bill_import import bills_import

    began = time.perf_counter()
    report = bills_import(paths=paths)
    return time.perf_counter() - began, report


def run(backend: str, count: int) -> str:
    with tempfile.TemporaryDirectory(prefix="policy-bills-bench-") as tmp:
        folder = Path(tmp) / "pages"
        began = time.perf_counter()
        files = write_session(folder, bills=count)
        generated = time.perf_counter() - began
        size = sum(f.stat().st_size for f in files) / 1e6
        _setup(backend, Path(tmp))
        from django.db import connection

        from alianza.policy.models import Bill, BillAction, BillChange, BillVote, Sponsorship

        _legislators()
        full, first = _timed([folder])
        assert first.created == count and not first.problems, first.problems[:3]
        rows = (BillAction.objects.count(), BillVote.objects.count(),
                Sponsorship.objects.count(), Sponsorship.objects.filter(
                    legislator__isnull=False).count())
        same, second = _timed([folder])
        assert second.unchanged == count and second.updated == 0
        tracked = list(Bill.objects.order_by("?").values_list("pk", flat=True)[:50])
        Bill.objects.filter(pk__in=tracked).update(is_tracked=True)
        changed = change_bills(files, count=min(100, count))
        again, third = _timed([folder])
        assert third.updated == len(changed), (third.updated, len(changed))
        news = BillChange.objects.count()
        name = "PostgreSQL" if backend == "postgres" else "SQLite"
        version = connection.cursor().connection.info.server_version \
            if backend == "postgres" else __import__("sqlite3").sqlite_version
        verdict = {key: "ok" if value < TARGETS[key] else "OVER TARGET"
                   for key, value in (("full", full), ("unchanged", same),
                                      ("changed", again))}
        return (
            f"{name} {version}: {count:,} bills in {len(files)} pages ({size:.0f} MB of JSON, "
            f"generated in {generated:.1f} s): {rows[0]:,} actions, {rows[1]:,} votes, "
            f"{rows[2]:,} sponsorships ({rows[3]:,} linked to legislators)\n"
            f"  full import:                   {full:6.1f} s  (target < 60 s: "
            f"{verdict['full']})\n"
            f"  re-import, nothing changed:    {same:6.1f} s  (target < 10 s: "
            f"{verdict['unchanged']})\n"
            f"  re-import, {len(changed)} bills changed:  {again:6.1f} s  (target < 15 s: "
            f"{verdict['changed']}); {third.unchanged:,} skipped, {news} news rows for "
            f"tracked bills\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=5000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(run(args.only, args.bills), end="")
        return 0
    # One process per database: Django is set up once per process.
    load = os.getloadavg()
    out = [f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
           f"Python {platform.python_version()}; load average before: "
           f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"]
    for backend in [args.only] if args.only else ["sqlite", "postgres"]:
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--only", backend, "--bills",
             str(args.bills)], capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            return done.returncode
        out.append(done.stdout)
        print(done.stdout, end="", flush=True)
    load = os.getloadavg()
    out.append(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    print(out[-1], end="")
    if not args.only and args.bills == 5000:
        RESULTS.write_text("".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
