"""Email owners about meeting follow-ups due within a day or overdue; run it daily."""

import time

from django.core.management.base import BaseCommand

from alianza.policy.services.meetings import follow_ups_remind


class Command(BaseCommand):
    help = ("Remind each owner of follow-ups from advocacy meetings that are due within a day "
            "or overdue (once a day per follow-up, in the owner's language).")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            sent = follow_ups_remind()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"{sent} follow-up reminder(s) queued")
            if not every:
                return
            time.sleep(every)
