"""A sending worker: claims batches of deliveries and hands them to SMTP, forever.

Several may run at once, on one machine or many; each batch is claimed atomically. A
worker killed mid-batch is replaced by any other once its claim times out.
"""

import time

from django.core.management.base import BaseCommand

from alianza.outreach.services import sending
from alianza.outreach.services.automation import outreach_tick


class Command(BaseCommand):
    help = "Send queued mailing deliveries in batches."

    def add_arguments(self, parser):
        parser.add_argument("--mailing", type=int, help="Only this mailing.")
        parser.add_argument("--until-done", action="store_true",
                            help="Exit when the mailing(s) have nothing left to send.")
        parser.add_argument("--sleep", type=float, default=1.0,
                            help="Seconds to wait when there is nothing to send.")
        parser.add_argument("--tick-every", type=float, default=30.0,
                            help="Run the outreach tick this often (0: never).")
        parser.add_argument("--name", default="", help="Worker name recorded on claims.")

    def handle(self, *args, **options):
        mailing_id = options.get("mailing")
        last_tick = 0.0
        idle_backoff = 0.0
        while True:
            if options["tick_every"] and time.monotonic() - last_tick > options["tick_every"]:
                outreach_tick(enqueue=False)
                last_tick = time.monotonic()
            batch = sending.deliveries_send_batch(mailing_id=mailing_id, worker=options["name"])
            if batch.claimed and (batch.sent or batch.failed):
                idle_backoff = 0.0
                continue
            if batch.claimed:
                # Nothing got through (the mail server is down): wait longer each time
                # instead of claiming the same batch again at once.
                idle_backoff = min(max(idle_backoff * 2, options["sleep"]), 60.0)
                time.sleep(idle_backoff)
                continue
            if mailing_id:
                sending.mailing_finish_if_done(mailing_id=mailing_id)
            else:
                sending.mailings_finish_done()
            if options["until_done"] and not sending.work_left(mailing_id=mailing_id):
                return
            time.sleep(options["sleep"])
