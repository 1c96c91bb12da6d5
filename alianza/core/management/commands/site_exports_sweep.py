"""Delete full site exports older than SITE_EXPORT_KEEP_DAYS (7 by default); run daily."""

from django.core.management.base import BaseCommand

from alianza.core.services_site_export import site_exports_sweep


class Command(BaseCommand):
    help = "Delete full site exports (and their ZIP files) older than N days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep exports requested within this many days "
                                 "(default: SITE_EXPORT_KEEP_DAYS).")

    def handle(self, *args, days: int | None, **options):
        removed = site_exports_sweep(days=days)
        self.stdout.write(f"deleted {removed} site export(s)")
