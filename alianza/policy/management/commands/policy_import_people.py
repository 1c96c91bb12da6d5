"""Import California's legislators (and committees) from an Open States people folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from alianza.policy.importers.people import DIVISIONS_CSV, PeopleImportError, people_import


class Command(BaseCommand):
    help = ("Import Open States people files: a snapshot folder (with legislature/ and "
            "optionally committees/) or a folder of person .yml files. Safe to run again; "
            "import older sessions first, then the current one.")

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--committees", type=Path, default=None,
                            help="A folder of committee .yml files (default: the snapshot's "
                                 "committees/ folder, if any).")
        parser.add_argument("--divisions", type=Path, default=DIVISIONS_CSV,
                            help="The OCD division ids of the districts (CSV).")

    def handle(self, *args, folder: Path, committees: Path | None, divisions: Path,
               **options):
        try:
            report = people_import(folder=folder, committees=committees, divisions=divisions)
        except PeopleImportError as error:
            raise CommandError("\n".join([
                _("Nothing was imported:"), *(f"- {p}" for p in error.problems)])) from error
        self.stdout.write(_(
            "Legislators: %(created)s new, %(updated)s updated, %(unchanged)s unchanged; "
            "roles: %(roles)s new, %(ended)s ended; districts: %(districts)s new; "
            "committees: %(c_created)s new, %(c_updated)s updated, %(c_unchanged)s "
            "unchanged.") % {
            "created": report.legislators_created, "updated": report.legislators_updated,
            "unchanged": report.legislators_unchanged, "roles": report.roles_added,
            "ended": report.roles_updated, "districts": report.districts_created,
            "c_created": report.committees_created, "c_updated": report.committees_updated,
            "c_unchanged": report.committees_unchanged})
