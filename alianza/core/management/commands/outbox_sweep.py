"""Deliver emails whose delivery task was lost, and delete old sent ones; once or every N s.

Delivery is queued as a task when an email is stored; if the task backend was down or a
worker died, the email waits in the outbox as pending. This sweep sends what is due (with
the same claim and backoff as the task) and prunes what is past ``OUTBOX_MAX_AGE_DAYS``.
"""

import time

from django.core.management.base import BaseCommand

from alianza.core.services import email_retry_due, outbox_prune


class Command(BaseCommand):
    help = "Deliver due emails from the outbox and delete old sent or failed ones."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            sent = email_retry_due()
            pruned = outbox_prune()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"sent {sent}, deleted {pruned}")
            if not every:
                return
            time.sleep(every)
