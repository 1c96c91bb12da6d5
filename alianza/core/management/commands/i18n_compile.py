"""Compile every .po catalogue to .mo with polib, so no system gettext is needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) of every app."

    def handle(self, *args, **options):
        compiled = 0
        catalogues = Path(settings.BASE_DIR, "alianza").glob("**/locale/*/LC_MESSAGES/*.po")
        for po_path in sorted(catalogues):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
