"""Recover or fail student runs and data uploads whose worker died; delete old student files.

Run once before starting the task worker, and every N seconds next to it (see README).
"""

import logging
import time

from django.core.management.base import BaseCommand

from alianza.evidence.services.sweep import student_files_sweep

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Retry or fail student runs and data uploads whose worker died, and delete student "
            "files older than STUDENT_FILE_MAX_AGE.")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            try:
                outcome = student_files_sweep()
            except Exception as error:  # noqa: BLE001 - a repeating sweep outlives a bad pass
                if not every:
                    raise
                logger.error("Evidence sweep failed: %s", type(error).__name__)
                time.sleep(every)
                continue
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"requeued {outcome.requeued}, failed {outcome.failed}, "
                                  f"files deleted {outcome.files_deleted}")
            if not every:
                return
            time.sleep(every)
