"""Queue the event reminders that have come due, once or every N seconds."""

import time

from django.core.management.base import BaseCommand

from alianza.convenings.services import reminders_queue_due


class Command(BaseCommand):
    help = "Queue due event reminders (7 and 1 days before, see EVENT_REMINDER_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            queued = reminders_queue_due()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"{len(queued)} reminder(s) queued")
            if not every:
                return
            time.sleep(every)
