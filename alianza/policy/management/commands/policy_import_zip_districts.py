"""Import the coalition's ZIP-code-to-district file (CSV) for action alerts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alianza.policy.services.actions_zip import zip_districts_import


class Command(BaseCommand):
    help = ("Import ZIP codes and their Assembly and Senate districts from a CSV file with "
            "columns zip, chamber, district (or zip, assembly_district, senate_district). "
            "A file with any bad row is refused whole, with a message per bad row.")

    def add_arguments(self, parser):
        parser.add_argument("csv", help="Path of the CSV file.")
        parser.add_argument("--replace", action="store_true",
                            help="Make this file the whole table (rows not in it are removed).")

    def handle(self, *args, csv: str, replace: bool = False, **options):
        path = Path(csv)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        result = zip_districts_import(path=path, source=path.name, replace=replace)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{path.name} was not imported: {len(result.errors)} "
                               "problem(s) above. Nothing was changed.")
        self.stdout.write(f"{result.zip_codes} ZIP codes read from {result.rows_read} rows: "
                          f"{result.added} rows added, {result.removed} removed.")
