"""Action alerts' periodic work: letter statuses follow the outbox, and submissions whose
confirmation link expired unanswered are forgotten. Once, or every N seconds."""

import time

from django.core.management.base import BaseCommand

from alianza.policy.services.actions import letters_delivery_sync, submissions_expire


class Command(BaseCommand):
    help = "Update action-alert letters from the outbox and forget expired submissions."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            synced = letters_delivery_sync()
            expired = submissions_expire()
            if options["verbosity"] > 1 or not every:
                self.stdout.write(f"{synced} letter(s) updated, {expired} expired "
                                  "submission(s) removed")
            if not every:
                return
            time.sleep(every)
