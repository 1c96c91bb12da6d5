"""Restart stalled contact imports and dry runs, fail those that keep dying, and delete
uploaded files past IMPORT_FILE_MAX_AGE_HOURS: once (from cron), or every N seconds (next to
``db_worker``)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from alianza.coalition.services.imports import contact_imports_sweep


class Command(BaseCommand):
    help = "Restart stalled contact imports and delete uploaded files past their maximum age."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options) -> None:
        while True:
            counts = contact_imports_sweep()
            if options["verbosity"] > 1 or not every:
                summary = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
                self.stdout.write(summary or "nothing to do")
            if not every:
                return
            time.sleep(every)
