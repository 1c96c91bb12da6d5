"""What the contact-import benches share: generated names and addresses, the database set-up,
and one timed pass through staff's steps (upload, dry run, import) with CPU figures.

With ``DATABASE_URL`` pointing at PostgreSQL, the database named by ``BENCH_DB`` (default
``alianza_bench_import``) on that server is dropped and created again; the database named in
the URL is not touched. Without it, SQLite in a temporary folder.
"""

from __future__ import annotations

import os
import platform
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["María", "José", "Ana", "Luis", "Guadalupe", "Tuan", "Linh", "Wei", "Mei", "Jin",
         "Fatima", "Omar", "Sarah", "David", "Rosa", "Carlos", "Aiyana", "Kenji", "Priya", "Zoë"]
LAST = ["López", "García", "Nguyen", "Pérez", "Chen", "Kim", "Hernández", "Smith", "Torres",
        "Martínez", "Tran", "Singh", "Rodríguez", "Ramírez", "Flores", "Muñoz", "Lee", "Ortiz"]
LANGUAGES = ["Spanish", "Español", "es-MX", "English", "en", "Vietnamese", "Chinese", "Tagalog",
             "Korean", "Arabic", ""]
COUNTIES = ["Los Angeles", "Orange", "San Diego", "Fresno", "Kern", "Riverside", "Alameda",
            "Santa Clara", "Sacramento", "Tulare", ""]


def bench_database() -> str:
    return os.environ.get("BENCH_DB", "alianza_bench_import")


def setup_environment(data_dir: Path) -> str:
    """Point Django at ``data_dir`` and a fresh database; returns the database's name."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alianza.settings")
    os.environ["ALIANZA_DATA_DIR"] = str(data_dir)
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["SECRET_KEY"] = "bench-secret-key-not-for-production-0123456789abcdefghij"
    from importlib.util import find_spec

    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    os.environ["TASKS_BACKEND"] = f"{module}.backends.dummy.DummyBackend"  # we run it here
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        import psycopg

        server, name = given.rsplit("/", 1)[0], bench_database()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{server}/{name}"
        return "PostgreSQL"
    os.environ.pop("DATABASE_URL", None)
    return "SQLite"


def django_ready(batch_size: int) -> None:
    """Start Django, create the tables, and set the import's batch size."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.IMPORT_BATCH_SIZE = batch_size
    call_command("migrate", verbosity=0)


def machine_line(database: str, batch_size: int) -> str:
    import django
    from django.db import connection

    return (f"Database: {database} ({connection.vendor}); batch size {batch_size}; "
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"load {os.getloadavg()[0]:.1f}")


def name_of(n: int) -> tuple[str, str]:
    return FIRST[n % len(FIRST)], LAST[(n * 7 + n // len(FIRST)) % len(LAST)]


def email_of(n: int) -> str:
    first, last = name_of(n)
    plain = unicodedata.normalize("NFKD", f"{first[0]}.{last}.{n}@example.org".lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def existing_people(count: int) -> None:
    """People already saved, every seventh address of the file: their rows fill blanks."""
    from alianza.coalition.models import Person

    Person.objects.bulk_create([Person(name="", email=email_of(n))
                                for n in range(0, count * 7, 7)], batch_size=2000)


def database_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL server process, when it runs on this
    machine (0 otherwise): the database's share, which the load does not inflate."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_once(source: Path, *, upload_label: str = "upload",
             after_upload: Callable | None = None):
    """Upload, dry-run and import ``source`` as staff and the worker do; returns the
    finished import and each step's seconds, with the CPU time of this process and of its
    PostgreSQL server process (keys in brackets)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alianza.coalition.services import imports

    timings: dict[str, float] = {}
    cpu, server_cpu = time.process_time(), database_cpu()
    upload = SimpleUploadedFile(source.name, source.read_bytes())
    clock = time.perf_counter()
    contact_import = imports.contact_import_create(upload=upload, kind="people", user=None)
    if after_upload is not None:
        after_upload(contact_import)
    timings[upload_label] = time.perf_counter() - clock
    steps = [("dry run", lambda: (imports.contact_import_check(contact_import=contact_import),
                                  imports.contact_import_check_run(import_id=contact_import.pk))),
             ("import (background task)", lambda: (
                 imports.contact_import_start(contact_import=contact_import),
                 imports.contact_import_run(import_id=contact_import.pk)))]
    for label, step in steps:
        clock, step_cpu, step_server = time.perf_counter(), time.process_time(), database_cpu()
        step()
        timings[label] = time.perf_counter() - clock
        # On a shared machine the wall clock mostly measures the neighbours: CPU time
        # shows what each step costs.
        timings[f"({label}: CPU of this process)"] = time.process_time() - step_cpu
        timings[f"({label}: CPU of the database server)"] = database_cpu() - step_server
    timings["(CPU time of this process)"] = time.process_time() - cpu
    timings["(CPU time of the database server process)"] = database_cpu() - server_cpu
    contact_import.refresh_from_db()
    return contact_import, timings


def report(title: str, contact_import, timings: dict[str, float], *, notes: str = "notes") -> None:
    total = sum(value for key, value in timings.items() if not key.startswith("("))
    print(f"{title}: {contact_import.processed_rows:,} rows — "
          f"{contact_import.created_count:,} added, {contact_import.updated_count:,} updated, "
          f"{contact_import.unchanged_count:,} unchanged, {contact_import.error_count:,} {notes}")
    if contact_import.outcome:
        print("  " + ", ".join(f"{key} {value:,}" for key, value in
                               sorted(contact_import.outcome.items())))
    for step, seconds in timings.items():
        if step.startswith("("):
            continue
        app = timings.get(f"({step}: CPU of this process)")
        server = timings.get(f"({step}: CPU of the database server)")
        cpu = "" if app is None else f"   CPU: app {app:5.2f} s" + (
            f", PostgreSQL {server:5.2f} s" if server else "")
        print(f"  {step:<26} {seconds:6.2f} s{cpu}")
    server = timings["(CPU time of the database server process)"]
    print(f"  {'total':<26} {total:6.2f} s   (CPU time of this process "
          f"{timings['(CPU time of this process)']:.2f} s"
          + (f", of its PostgreSQL server process {server:.2f} s" if server else "")
          + f", load {os.getloadavg()[0]:.1f})")
