"""Import CDE public data files as dataset versions: ``manage.py evidence_import FILE...``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alianza.evidence.cde import KINDS, CdeFileError
from alianza.evidence.services.datasets import dataset_import


class Command(BaseCommand):
    help = "Import California Department of Education data files (UPC, LTEL, languages, …)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--kind", choices=KINDS, help="Skip detection: read as this kind.")
        parser.add_argument("--source-url", default="", help="Where the file was downloaded.")

    def handle(self, *args, files: list[Path], kind: str | None, source_url: str,
               **options) -> None:
        failed = 0
        for path in files:
            if not path.is_file():
                self.stderr.write(f"{path}: no such file")
                failed += 1
                continue
            try:
                outcome = dataset_import(path=path, source_name=path.name, kind=kind,
                                         source_url=source_url)
            except CdeFileError as error:
                self.stderr.write(f"{path}: refused: {error}")
                failed += 1
                continue
            dataset = outcome.dataset
            if not outcome.created:
                self.stdout.write(f"{path.name}: already imported on "
                                  f"{dataset.imported_at:%Y-%m-%d %H:%M}; nothing changed.")
                continue
            line = (f"{path.name}: imported {dataset.get_kind_display()} "
                    f"{dataset.school_year or '(no school year)'}: {dataset.row_count} rows, "
                    f"{dataset.figure_count} figures")
            if outcome.replaced is not None:
                line += f"; replaces {outcome.replaced.source_name}"
            self.stdout.write(self.style.SUCCESS(line + "."))
        if failed:
            raise CommandError(f"{failed} file(s) were not imported.")
