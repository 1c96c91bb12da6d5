"""Read bounce and complaint messages from an mbox file or a Maildir folder."""

import mailbox
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alianza.outreach.services.bounces import bounce_process_message


class Command(BaseCommand):
    help = "Process DSN/ARF messages from an mbox file or Maildir (removed once processed)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--keep", action="store_true", help="Leave messages in place.")

    def handle(self, *args, path: str, keep: bool = False, **options):
        target = Path(path)
        if target.is_dir():
            box = mailbox.Maildir(target, factory=None, create=False)
        elif target.is_file():
            box = mailbox.mbox(target, create=False)
        else:
            raise CommandError(f"No mbox file or Maildir at {path}")
        counts = {"hard": 0, "soft": 0, "complaint": 0, "ignored": 0}
        box.lock()
        try:
            for key in list(box.keys()):
                outcome = bounce_process_message(box.get_bytes(key))
                counts[outcome.kind or "ignored"] += 1
                if not keep:
                    box.remove(key)
            box.flush()
        finally:
            box.unlock()
            box.close()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
