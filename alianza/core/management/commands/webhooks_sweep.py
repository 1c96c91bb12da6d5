"""Send webhook deliveries that are due (retries, or sends whose task was lost), and delete
old delivered and failed ones; once, or every N seconds."""

import time

from django.core.management.base import BaseCommand

from alianza.core.webhooks.services import webhooks_prune, webhooks_retry_due


class Command(BaseCommand):
    help = "Send due webhook deliveries and delete old delivered or failed ones."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            delivered = webhooks_retry_due()
            pruned = webhooks_prune()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"delivered {delivered}, deleted {pruned}")
            if not every:
                return
            time.sleep(every)
