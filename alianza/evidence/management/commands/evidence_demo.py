"""Import the real public files from ../shared/data/cde when they are there."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Entities first: its names are the authoritative ones.
ORDER = ("sb_ca", "StudentGroups", "cupc")


def data_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "cde"


class Command(BaseCommand):
    help = "Import the CDE files in ../shared/data/cde for the demo dashboards, if present."

    def handle(self, *args, **options) -> None:
        folder = data_dir()
        files = sorted(
            (p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else [],
            key=lambda p: next((i for i, s in enumerate(ORDER) if p.name.startswith(s)),
                               len(ORDER)),
        )
        if not files:
            self.stdout.write(f"No CDE data files in {folder}; the data dashboards stay empty. "
                              "Import files later with: manage.py evidence_import FILE...")
            return
        try:
            call_command("evidence_import", *[str(p) for p in files], stdout=self.stdout,
                         stderr=self.stderr)
        except CommandError as error:
            # A file the readers refuse must not stop the demo site from starting.
            self.stderr.write(str(error))
