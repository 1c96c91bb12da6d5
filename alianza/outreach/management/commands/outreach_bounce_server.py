"""A small SMTP endpoint for return-path mail (bounces+…@): point the MX or a relay here."""

import asyncio
import logging

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.core.management.base import BaseCommand

from alianza.outreach.services.bounces import bounce_process_message

logger = logging.getLogger(__name__)


class BounceHandler:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        try:
            await sync_to_async(bounce_process_message, thread_sensitive=True)(
                envelope.content, recipients=list(envelope.rcpt_tos))
        except Exception:  # noqa: BLE001 - ask the sender to retry rather than lose it
            logger.exception("Could not process a bounce")
            return "451 4.3.0 Temporary failure, try again"
        return "250 OK"


class Command(BaseCommand):
    help = "Receive DSN and ARF messages over SMTP and record bounces and complaints."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)

    def handle(self, *args, host: str, port: int, **options):
        controller = Controller(BounceHandler(), hostname=host, port=port)
        controller.start()
        self.stdout.write(f"Receiving bounces on {host}:{port}")
        try:
            asyncio.run(asyncio.Event().wait())
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
