"""``manage.py library_demo``: load the demo library (safe to run again)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from alianza.library.demo import load


class Command(BaseCommand):
    help = "Load demo library resources, collections and a media contact (idempotent)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        added = load()
        self.stdout.write(
            f"Library demo: {added['resources']} resources ({added['files']} files), "
            f"{added['collections']} collections, {added['contacts']} media contacts added "
            f"in {time.monotonic() - started:.1f} s.")
