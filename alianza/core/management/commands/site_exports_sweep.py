"""Delete full site exports older than SITE_EXPORT_KEEP_DAYS (7 by default); run daily."""

from django.core.management.base import BaseCommand

from alianza.core.services_site_export import KEEP_DAYS, site_exports_sweep


class Command(BaseCommand):
    help = "Delete full site exports (and their ZIP files) older than N days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS,
                            help="Keep exports requested within this many days.")

    def handle(self, *args, days: int, **options):
        removed = site_exports_sweep(keep_days=days)
        self.stdout.write(f"deleted {removed} site export(s)")
