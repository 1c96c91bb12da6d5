"""List county text that is not one of California's 58 counties, with how often it occurs.

Such text is kept as written (see migration 0005 and the contact import); staff fix it in
the administration, where people and organizations can be filtered by county.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Count

from alianza.coalition.models import Organization, Person


class Command(BaseCommand):
    help = "List county text that matched none of California's 58 counties."

    def handle(self, *args, **options) -> None:
        for model in (Person, Organization):
            rows = (model.objects.exclude(county="").values("county")
                    .annotate(count=Count("pk")).order_by("-count", "county"))
            label = model._meta.verbose_name_plural
            if not rows:
                self.stdout.write(f"{label}: every county matched.")
                continue
            self.stdout.write(f"{label}:")
            for row in rows:
                self.stdout.write(f"  {row['count']:>6}  {row['county']}")
