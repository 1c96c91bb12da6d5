"""Import 100,000 contacts from a CSV (or XLSX) file and time each step.

    .venv/bin/python bench/import_contacts.py                   # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/import_contacts.py

With ``DATABASE_URL`` set, the database ``alianza_bench_import`` (or ``BENCH_DB``) on that
server is dropped and created again (the database named in the URL is not touched).
Options: ``--rows N``, ``--format xlsx``, ``--existing N`` (people already saved whose
addresses are in the file, so the import also fills blanks), ``--batch-size N``.

The steps are the ones staff go through: upload (the file is read once to find its
encoding, separator and row count), the dry run, then the import itself, run here the way
the background worker runs it. A second import of the same file shows it adds no one.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_common import (  # noqa: E402
    COUNTIES,
    LANGUAGES,
    django_ready,
    email_of,
    existing_people,
    machine_line,
    name_of,
    report,
    run_once,
    setup_environment,
)

TITLES = ["Parent leader", "Teacher", "Director", "Organizer", "Principal", "Board member", ""]
HEADER = ["Nombre", "Correo electrónico", "Teléfono", "Idioma", "Condado", "Organización",
          "Cargo"]


def write_file(path: Path, rows: int, file_format: str, seed: int = 2024) -> None:
    generator = random.Random(seed)
    organizations = [f"Organización Comunitaria {n}" for n in range(2000)]

    def row(n: int) -> list:
        first, last = name_of(n)
        return [
            f"{first} {last}", email_of(n),
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
        django_ready(options.batch_size)

        from alianza.coalition.models import ContactImport, Organization, Person

        source = data_dir / f"contacts.{options.format}"
        started = time.perf_counter()
        write_file(source, options.rows, options.format)
        print(f"Generated {options.rows:,} contacts ({source.stat().st_size / 1e6:.1f} MB "
              f"{options.format.upper()}) in {time.perf_counter() - started:.1f} s")
        existing_people(options.existing)

        print(machine_line(database, options.batch_size))
        first, timings = run_once(source, upload_label="upload (read and count)")
        report("First import", first, timings, notes="problems")
        assert first.status == ContactImport.Status.DONE, first.failure
        people = Person.objects.count()
        distinct = Person.objects.values("email").distinct().count()
        print(f"  people saved: {people:,} ({distinct:,} distinct addresses); "
              f"organizations: {Organization.objects.count():,}")
        again, timings = run_once(source, upload_label="upload (read and count)")
        report("Same file again", again, timings, notes="problems")
        assert Person.objects.count() == people, "the second import added people"
        print("  no one was added twice")


if __name__ == "__main__":
    main()
