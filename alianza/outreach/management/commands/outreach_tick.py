"""Run the outreach tick once, or every N seconds (for cron-less deployments)."""

import time

from django.core.management.base import BaseCommand

from alianza.outreach.services.automation import outreach_tick


class Command(BaseCommand):
    help = "Start due mailings, resume stalled sends, expire sign-ups, send welcome emails."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            result = outreach_tick()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(str(result.__dict__))
            if not every:
                return
            time.sleep(every)
