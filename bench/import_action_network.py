"""Import an Action Network export of 100,000 activists, with tags and statuses, and time it.

    .venv/bin/python bench/import_action_network.py        # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \
        .venv/bin/python bench/import_action_network.py

With ``DATABASE_URL`` set, the database ``alianza_bench_import`` (or ``BENCH_DB``) on that
server is dropped and created again (``bench/import_common.py``). Options: ``--rows N``,
``--existing N`` (activists already saved, some of whom had unsubscribed), ``--batch-size N``.

The file has Action Network's columns (``can2_subscription_status``, ``can2_user_tags``,
``created_date``, custom fields); about 80 % of rows are subscribed, 12 % unsubscribed, 5 %
bouncing. Staff's steps are timed: upload (the preset is recognised), the dry run, and the
import with a tag for everyone and the consenting people added to a mailing list. The same
file imported again must change nothing. The links from the import to each person it
touched are timed on their own. Besides the wall clock, each run prints the CPU
time of this process and, with a local PostgreSQL, of its server process: on a shared
machine those two say what the import costs, where the wall clock mostly says how busy
the neighbours are.
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
    database_cpu,
    django_ready,
    email_of,
    existing_people,
    machine_line,
    name_of,
    report,
    run_once,
    setup_environment,
)

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
            first, last = name_of(n)
            tags = generator.sample(TAGS, generator.randint(0, 3))
            writer.writerow([
                f"{n:08x}-0000-4000-8000-{n:012x}", first, last, email_of(n),
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
        django_ready(options.batch_size)

        from alianza.coalition.imports import batches
        from alianza.coalition.models import Consent, ContactImport, ContactImportPerson, Person
        from alianza.coalition.services import imports
        from alianza.outreach.models import MailingList, Subscription, Suppression, Tag

        source = data_dir / "action_network_activists.csv"
        started = time.perf_counter()
        write_file(source, options.rows)
        print(f"Generated {options.rows:,} activists ({source.stat().st_size / 1e6:.1f} MB CSV) "
              f"in {time.perf_counter() - started:.1f} s")
        MailingList.objects.create(slug="updates")
        # Activists already saved; every tenth had unsubscribed, and stays so.
        existing_people(options.existing)
        saved = list(Person.objects.values_list("pk", flat=True))[::10]
        Consent.objects.bulk_create([
            Consent(person_id=pk, kind=Consent.Kind.EMAIL, scope="all", granted=False,
                    wording="Unsubscribe from everything", language="en", source="bench")
            for pk in saved])

        # What linking each person to the import costs, measured inside the same run.
        links = {"app": 0.0, "server": 0.0}
        link_people = batches.import_links_insert

        from django.db import connection

        def timed_links(result, *, import_id: int) -> None:
            cpu, server = time.process_time(), database_cpu()
            link_people(result, import_id=import_id)
            if connection.vendor == "postgresql":
                # Foreign keys are checked at commit; checked here instead, so that their
                # cost is counted too (the same work, done a moment earlier).
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = "
                        "%s::regclass", [ContactImportPerson._meta.db_table])
                    names = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
                    cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
            links["app"] += time.process_time() - cpu
            links["server"] += database_cpu() - server

        batches.import_links_insert = timed_links

        def choose_options(contact_import: ContactImport) -> None:
            assert contact_import.preset == ContactImport.Preset.ACTION_NETWORK
            imports.contact_import_map(
                contact_import=contact_import, mapping=contact_import.mapping,
                options={"outreach": {"tag": "Action Network", "lists": ["updates"]}})

        def census() -> dict[str, int]:
            return {
                "people": Person.objects.count(), "consents": Consent.objects.count(),
                "confirmed subscriptions": Subscription.objects.filter(
                    status="confirmed").count(),
                "tags": Tag.objects.count(), "tag links": Tag.people.through.objects.count(),
                "suppressed": Suppression.objects.count(),
            }

        def run(title: str) -> ContactImport:
            links.update(app=0.0, server=0.0)
            contact_import, timings = run_once(source, upload_label="upload (read, recognise)",
                                               after_upload=choose_options)
            report(title, contact_import, timings)
            linked = ContactImportPerson.objects.filter(contact_import=contact_import).count()
            print(f"  of which links to the {linked:,} people touched (insert and foreign-key "
                  f"checks): app {links['app']:.2f} s"
                  + (f", PostgreSQL {links['server']:.2f} s" if links["server"] else "")
                  + " CPU")
            return contact_import

        print(machine_line(database, options.batch_size))
        first = run("First import")
        assert first.status == ContactImport.Status.DONE, first.failure
        after = census()
        print("  " + ", ".join(f"{key}: {value:,}" for key, value in after.items()))
        run("Same file again")
        assert census() == after, "the second import changed something"
        print("  nothing changed")


if __name__ == "__main__":
    main()
