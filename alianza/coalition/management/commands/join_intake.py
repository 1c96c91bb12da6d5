"""Process waiting join-form submissions once, or every N seconds.

The web processes queue the batch processor themselves; this is the safety sweep for a
queueing that was missed (the task backend was down, a worker died), e.g. from cron or
next to ``db_worker``. Each run also deletes what the forms stored once it is of no more
use (``join_requests_purge``).
"""

import time

from django.core.management.base import BaseCommand

from alianza.coalition.services.confirmations import join_requests_purge
from alianza.coalition.services.intake import join_submissions_drain


class Command(BaseCommand):
    help = "Process waiting join-form submissions (signatures, update sign-ups)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            outcome = join_submissions_drain()
            join_requests_purge()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"done {outcome.done}, retrying {outcome.retrying}, "
                                  f"failed {outcome.failed}")
            if not every:
                return
            time.sleep(every)
