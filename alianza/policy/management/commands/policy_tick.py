"""The policy module's periodic work in one process: bill alerts (immediate ones not yet
sent, the daily emails), follow-up reminders from advocacy meetings, and action-alert
letters (delivery state from the outbox, expired submissions forgotten). Each part is
safe to run as often as wanted. Once, or every N seconds."""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand

from alianza.policy.services.actions import letters_delivery_sync, submissions_expire
from alianza.policy.services.alerts import alerts_tick
from alianza.policy.services.meetings import follow_ups_remind

logger = logging.getLogger(__name__)
PARTS = {
    "bill alerts": alerts_tick,
    "follow-up reminders": follow_ups_remind,
    "letters delivered": letters_delivery_sync,
    "submissions expired": submissions_expire,
}


class Command(BaseCommand):
    help = "Send due bill alerts and follow-up reminders; update action-alert letters."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=float, default=0,
                            help="Repeat every this many seconds instead of running once.")

    def handle(self, *args, every: float = 0, **options) -> None:
        while True:
            for name, part in PARTS.items():
                try:
                    result = part()
                except Exception:  # noqa: BLE001 - one failing part must not stop the others
                    logger.exception("policy_tick: %s failed", name)
                    continue
                if options["verbosity"] > 1 or not every:
                    self.stdout.write(f"{name}: {result}")
            if not every:
                return
            time.sleep(every)
