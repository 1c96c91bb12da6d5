"""Load demo events (see alianza/convenings/demo.py). Safe to run twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alianza.convenings.demo import events_demo_load


class Command(BaseCommand):
    help = "Create demo events with registrants; attach the library's demo recording."

    def handle(self, *args, **options) -> None:
        made = events_demo_load()
        self.stdout.write(
            f"Demo events: {made['events']} events, {made['registrations']} registrations, "
            f"{made['resources']} resources attached.")
