"""Restart stalled contact imports and dry runs, fail those that keep dying, and delete
uploaded files past IMPORT_FILE_MAX_AGE_HOURS. Run it periodically (cron, a timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alianza.coalition.services.imports import contact_imports_sweep


class Command(BaseCommand):
    help = "Restart stalled contact imports and delete uploaded files past their maximum age."

    def handle(self, *args, **options) -> None:
        counts = contact_imports_sweep()
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(summary or "nothing to do")
