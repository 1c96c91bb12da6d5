"""Import 100,000 contacts from a CSV (or XLSX) file and time each step.

    .venv/bin/python bench/import_contacts.py                   # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/import_contacts.py

With ``DATABASE_URL`` set, the database ``alianza_bench_import`` on that server is dropped
and created again (the database named in the URL is not touched). Options: ``--rows N``,
``--format xlsx``, ``--existing N`` (people already saved whose addresses are in the file,
so the import also fills blanks), ``--batch-size N``.

The steps are the ones staff go through: upload (the file is read once to find its
encoding, separator and row count), the dry run, then the import itself, run here the way
the background worker runs it. A second import of the same file shows it adds no one.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "alianza_bench_import"

FIRST = ["María", "José", "Ana", "Luis", "Guadalupe", "Tuan", "Linh", "Wei", "Mei", "Jin",
         "Fatima", "Omar", "Sarah", "David", "Rosa", "Carlos", "Aiyana", "Kenji", "Priya", "Zoë"]
LAST = ["López", "García", "Nguyen", "Pérez", "Chen", "Kim", "Hernández", "Smith", "Torres",
        "Martínez", "Tran", "Singh", "Rodríguez", "Ramírez", "Flores", "Muñoz", "Lee", "Ortiz"]
LANGUAGES = ["Spanish", "Español", "es-MX", "English", "en", "Vietnamese", "Chinese", "Tagalog",
             "Korean", "Arabic", ""]
COUNTIES = ["Los Angeles", "Orange", "San Diego", "Fresno", "Kern", "Riverside", "Alameda",
            "Santa Clara", "Sacramento", "Tulare", ""]
TITLES = ["Parent leader", "Teacher", "Director", "Organizer", "Principal", "Board member", ""]
HEADER = ["Nombre", "Correo electrónico", "Teléfono", "Idioma", "Condado", "Organización",
          "Cargo"]


def setup_environment(data_dir: Path) -> str:
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

        server = given.rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            connection.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = f"{server}/{BENCH_DB}"
        return "PostgreSQL"
    os.environ.pop("DATABASE_URL", None)
    return "SQLite"


def write_file(path: Path, rows: int, file_format: str, seed: int = 2024) -> None:
    generator = random.Random(seed)
    organizations = [f"Organización Comunitaria {n}" for n in range(2000)]

    def row(n: int) -> list:
        first, last = _name(n)
        return [
            f"{first} {last}", _email(n),
            f"(559) 555-{n % 10000:04d}", generator.choice(LANGUAGES),
            generator.choice(COUNTIES),
            generator.choice(organizations) if n % 3 else "", generator.choice(TITLES),
        ]

    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(HEADER)
        for n in range(rows):
            sheet.append(row(n))
        workbook.save(path)
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(row(n) for n in range(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--existing", type=int, default=5_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="alianza-import-bench-") as folder:
        data_dir = Path(folder)
        database = setup_environment(data_dir)
        import django

        django.setup()
        from django.conf import settings
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from django.db import connection

        from alianza.coalition.models import ContactImport, Organization, Person
        from alianza.coalition.services import imports

        settings.IMPORT_BATCH_SIZE = options.batch_size
        call_command("migrate", verbosity=0)
        source = data_dir / f"contacts.{options.format}"
        started = time.perf_counter()
        write_file(source, options.rows, options.format)
        print(f"Generated {options.rows:,} contacts ({source.stat().st_size / 1e6:.1f} MB "
              f"{options.format.upper()}) in {time.perf_counter() - started:.1f} s")

        # People already saved: their rows fill blanks instead of creating anyone.
        existing = [Person(name="", email=_email(n))
                    for n in range(0, options.existing * 7, 7)]
        Person.objects.bulk_create(existing, batch_size=2000)

        def run_once() -> tuple[ContactImport, dict[str, float]]:
            timings: dict[str, float] = {}
            upload = SimpleUploadedFile(source.name, source.read_bytes())
            clock = time.perf_counter()
            contact_import = imports.contact_import_create(upload=upload, kind="people",
                                                           user=None)
            timings["upload (read and count)"] = time.perf_counter() - clock
            clock = time.perf_counter()
            imports.contact_import_check(contact_import=contact_import)
            imports.contact_import_check_run(import_id=contact_import.pk)  # as the worker
            timings["dry run"] = time.perf_counter() - clock
            imports.contact_import_start(contact_import=contact_import)
            clock = time.perf_counter()
            imports.contact_import_run(import_id=contact_import.pk)
            timings["import (background task)"] = time.perf_counter() - clock
            contact_import.refresh_from_db()
            return contact_import, timings

        print(f"Database: {database} ({connection.vendor}); batch size {options.batch_size}; "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
              f"Python {platform.python_version()}, Django {django.get_version()}")
        first, timings = run_once()
        _report("First import", first, timings)
        assert first.status == ContactImport.Status.DONE, first.failure
        people = Person.objects.count()
        distinct = Person.objects.values("email").distinct().count()
        print(f"  people saved: {people:,} ({distinct:,} distinct addresses); "
              f"organizations: {Organization.objects.count():,}")
        again, timings = run_once()
        _report("Same file again", again, timings)
        assert Person.objects.count() == people, "the second import added people"
        print("  no one was added twice")


def _name(n: int) -> tuple[str, str]:
    return FIRST[n % len(FIRST)], LAST[(n * 7 + n // len(FIRST)) % len(LAST)]


def _email(n: int) -> str:
    first, last = _name(n)
    plain = unicodedata.normalize("NFKD", f"{first[0]}.{last}.{n}@example.org".lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def _report(title: str, contact_import, timings: dict[str, float]) -> None:
    total = sum(timings.values())
    print(f"{title}: {contact_import.processed_rows:,} rows — "
          f"{contact_import.created_count:,} added, {contact_import.updated_count:,} updated, "
          f"{contact_import.unchanged_count:,} unchanged, {contact_import.error_count:,} problems")
    for step, seconds in timings.items():
        print(f"  {step:<26} {seconds:6.2f} s")
    print(f"  {'total':<26} {total:6.2f} s")


if __name__ == "__main__":
    main()
