"""Rebuild the district list from a CDE CAASPP entities file (``sb_caYYYYentities_csv.txt``).

CDE opens, merges and closes districts every year; running this on the newest entities file
and committing ``alianza/coalition/data/cde_districts.csv`` keeps the list current. Codes
already stored on people and organizations stay valid even when a district closes.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alianza.coalition import places

LEA_TYPE = "6"  # the entities file's own code for a district (LEA) row


class Command(BaseCommand):
    help = "Rebuild the CDE district list from a CAASPP entities file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("entities_file", type=Path)
        parser.add_argument("--output", type=Path, default=places.DISTRICTS_FILE)

    def handle(self, *args, entities_file: Path, output: Path, **options) -> None:
        try:
            raw = entities_file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {entities_file}: {error.strerror}") from error
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # CDE publishes these files in Latin-1
        reader = csv.DictReader(text.splitlines(), delimiter="^")
        needed = {"County Code", "District Code", "Type ID", "District Name"}
        if not needed <= set(reader.fieldnames or []):
            raise CommandError("This is not a CAASPP entities file: it needs the columns "
                               + ", ".join(sorted(needed)) + ".")
        rows = sorted(
            (row["County Code"] + row["District Code"], row["County Code"],
             row["District Name"].strip())
            for row in reader
            if row["Type ID"] == LEA_TYPE and row["County Code"] in places.COUNTY_NAMES
        )
        if not rows:
            raise CommandError("The file lists no districts.")
        with output.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(["cds_code", "county_code", "name"])
            writer.writerows(rows)
        places.districts.cache_clear()
        places._district_index.cache_clear()
        self.stdout.write(f"{len(rows)} districts written to {output}.")
