"""Import an Action Network export of 100,000 activists, with tags and statuses, and time it.

    .venv/bin/python bench/import_action_network.py        # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \
        .venv/bin/python bench/import_action_network.py

With ``DATABASE_URL`` set, the database ``alianza_bench_import`` on that server is dropped
and created again (as ``bench/import_contacts.py`` does). Options: ``--rows N``,
``--existing N`` (activists already saved, some of whom had unsubscribed), ``--batch-size N``.

The file has Action Network's columns (``can2_subscription_status``, ``can2_user_tags``,
``created_date``, custom fields); about 80 % of rows are subscribed, 12 % unsubscribed, 5 %
bouncing. Staff's steps are timed: upload (the preset is recognised), the dry run, and the
import with a tag for everyone and the consenting people added to a mailing list. The same
file imported again must change nothing. Besides the wall clock, each run prints the CPU
time of this process and, with a local PostgreSQL, of its server process: on a shared
machine those two say what the import costs, where the wall clock mostly says how busy
the neighbours are.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_contacts import COUNTIES, LANGUAGES, _email, _name, setup_environment  # noqa: E402

HEADER = ["uuid", "first_name", "last_name", "email", "zip_code", "can2_phone",
          "can2_user_city", "can2_state_abbreviated", "can2_county", "language",
          "can2_subscription_status", "can2_user_tags", "created_date", "Preferred contact time"]
TAGS = [f"{topic} {year}" for topic in ("Parent leaders", "Teachers", "LTEL campaign",
                                        "Seal of Biliteracy", "Convening", "Budget ask")
        for year in (2021, 2022, 2023, 2024, 2025)]
STATUSES = ["subscribed"] * 80 + ["unsubscribed"] * 12 + ["bouncing"] * 5 + [""] * 3


def write_file(path: Path, rows: int, seed: int = 2025) -> None:
    generator = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            first, last = _name(n)
            tags = generator.sample(TAGS, generator.randint(0, 3))
            writer.writerow([
                f"{n:08x}-0000-4000-8000-{n:012x}", first, last, _email(n),
                f"9{generator.randint(0, 6)}{n % 1000:03d}", f"(559) 555-{n % 10000:04d}",
                "", "CA", generator.choice(COUNTIES), generator.choice(LANGUAGES),
                generator.choice(STATUSES), ", ".join(tags),
                f"20{generator.randint(18, 24)}-0{generator.randint(1, 9)}-1{n % 10} "
                f"1{n % 10}:2{n % 10}:00 UTC",
                generator.choice(["Evenings", "Mornings", "Weekends", ""]),
            ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=5_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="alianza-an-bench-") as folder:
        data_dir = Path(folder)
        database = setup_environment(data_dir)
        import django

        django.setup()
        from django.conf import settings
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from django.db import connection

        from alianza.coalition.models import Consent, ContactImport, Person
        from alianza.coalition.services import imports
        from alianza.outreach.models import MailingList, Subscription, Suppression, Tag

        settings.IMPORT_BATCH_SIZE = options.batch_size
        call_command("migrate", verbosity=0)
        source = data_dir / "action_network_activists.csv"
        started = time.perf_counter()
        write_file(source, options.rows)
        print(f"Generated {options.rows:,} activists ({source.stat().st_size / 1e6:.1f} MB CSV) "
              f"in {time.perf_counter() - started:.1f} s")
        MailingList.objects.create(slug="updates")
        # Activists already saved; every tenth had unsubscribed, and stays so.
        existing = [Person(name="", email=_email(n)) for n in range(0, options.existing * 7, 7)]
        Person.objects.bulk_create(existing, batch_size=2000)
        saved = list(Person.objects.values_list("pk", flat=True))[::10]
        Consent.objects.bulk_create([
            Consent(person_id=pk, kind=Consent.Kind.EMAIL, scope="all", granted=False,
                    wording="Unsubscribe from everything", language="en", source="bench")
            for pk in saved])

        def database_cpu() -> float:
            """CPU seconds of this connection's PostgreSQL server process, when it runs on
            this machine (0 otherwise): the database's share, which the load does not inflate."""
            if connection.vendor != "postgresql":
                return 0.0
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0.0
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        def run_once() -> tuple[ContactImport, dict[str, float]]:
            timings: dict[str, float] = {}
            cpu = time.process_time()
            server_cpu = database_cpu()
            upload = SimpleUploadedFile(source.name, source.read_bytes())
            clock = time.perf_counter()
            contact_import = imports.contact_import_create(upload=upload, kind="people",
                                                           user=None)
            assert contact_import.preset == ContactImport.Preset.ACTION_NETWORK
            imports.contact_import_map(
                contact_import=contact_import, mapping=contact_import.mapping,
                options={"outreach": {"tag": "Action Network", "lists": ["updates"]}})
            timings["upload (read, recognise)"] = time.perf_counter() - clock
            clock = time.perf_counter()
            imports.contact_import_check(contact_import=contact_import)
            imports.contact_import_check_run(import_id=contact_import.pk)  # as the worker
            timings["dry run"] = time.perf_counter() - clock
            imports.contact_import_start(contact_import=contact_import)
            clock = time.perf_counter()
            imports.contact_import_run(import_id=contact_import.pk)
            timings["import (background task)"] = time.perf_counter() - clock
            # On a shared machine the wall clock mostly measures the neighbours: the
            # process's own CPU time shows what the import costs.
            timings["(CPU time of this process)"] = time.process_time() - cpu
            timings["(CPU time of the database server process)"] = database_cpu() - server_cpu
            contact_import.refresh_from_db()
            return contact_import, timings

        def census() -> dict[str, int]:
            return {
                "people": Person.objects.count(), "consents": Consent.objects.count(),
                "confirmed subscriptions": Subscription.objects.filter(
                    status="confirmed").count(),
                "tags": Tag.objects.count(), "tag links": Tag.people.through.objects.count(),
                "suppressed": Suppression.objects.count(),
            }

        print(f"Database: {database} ({connection.vendor}); batch size {options.batch_size}; "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
              f"Python {platform.python_version()}, Django {django.get_version()}, "
              f"load {os.getloadavg()[0]:.1f}")
        first, timings = run_once()
        assert first.status == ContactImport.Status.DONE, first.failure
        _report("First import", first, timings)
        after = census()
        print("  " + ", ".join(f"{key}: {value:,}" for key, value in after.items()))
        again, timings = run_once()
        _report("Same file again", again, timings)
        assert census() == after, "the second import changed something"
        print("  nothing changed")


def _report(title: str, contact_import, timings: dict[str, float]) -> None:
    total = sum(value for key, value in timings.items() if not key.startswith("("))
    print(f"{title}: {contact_import.processed_rows:,} rows — "
          f"{contact_import.created_count:,} added, {contact_import.updated_count:,} updated, "
          f"{contact_import.unchanged_count:,} unchanged, {contact_import.error_count:,} notes")
    print("  " + ", ".join(f"{key} {value:,}" for key, value in
                           sorted(contact_import.outcome.items())))
    for step, seconds in timings.items():
        if not step.startswith("("):
            print(f"  {step:<26} {seconds:6.2f} s")
    server = timings["(CPU time of the database server process)"]
    print(f"  {'total':<26} {total:6.2f} s   (CPU time of this process "
          f"{timings['(CPU time of this process)']:.2f} s"
          + (f", of its PostgreSQL server process {server:.2f} s" if server else "")
          + f", load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
