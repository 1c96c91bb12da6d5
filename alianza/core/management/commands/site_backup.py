"""Back up the whole site (database and uploaded files) into one ZIP: see core/site_backup.py."""

from django.core.management.base import BaseCommand

from alianza.core.site_backup import site_backup


class Command(BaseCommand):
    help = "Write the whole site (every table and every stored file) to a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("out", help="The ZIP file to write.")

    def handle(self, *args, out: str, **options):
        manifest = site_backup(out)
        rows = sum(entry["rows"] for entry in manifest["tables"])
        files = sum(len(names) for names in manifest["files"].values())
        self.stdout.write(f"wrote {out}: {len(manifest['tables'])} tables, {rows} rows, "
                          f"{files} files")
