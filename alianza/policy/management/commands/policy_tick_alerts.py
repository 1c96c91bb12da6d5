"""Send bill alerts that are due: immediate ones whose task never ran, and the daily emails
(after POLICY_ALERT_DIGEST_HOUR, 7 by default, local time). Once, or every N seconds."""

import time

from django.core.management.base import BaseCommand

from alianza.policy.services.alerts import alerts_tick


class Command(BaseCommand):
    help = "Send due bill alerts: immediate ones not yet sent, and the daily emails."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            result = alerts_tick()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"{result.immediate} immediate alert(s), "
                                  f"{result.daily} daily email(s) queued")
            if not every:
                return
            time.sleep(every)
