"""Restore a ZIP written by ``site_backup`` into this (migrated, empty) site."""

from django.core.management.base import BaseCommand, CommandError

from alianza.core.site_backup import RestoreError, site_restore


class Command(BaseCommand):
    help = ("Restore a site backup into this database and its storages. The database must be "
            "migrated to the backup's version and hold no data unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="The ZIP file written by site_backup.")
        parser.add_argument("--force", action="store_true",
                            help="Replace the data of a database that is not empty.")

    def handle(self, *args, source: str, force: bool, **options):
        try:
            manifest = site_restore(source, force=force)
        except (RestoreError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(entry["rows"] for entry in manifest["tables"])
        self.stdout.write(f"restored {rows} rows in {len(manifest['tables'])} tables; "
                          "now run library_search_rebuild")
