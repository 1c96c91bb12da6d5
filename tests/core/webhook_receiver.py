"""A real HTTP server on loopback that receives webhooks and checks their signatures.

The check is written here from the format in docs/webhooks.md, independently of the code
that signs: a receiver has only the secret, the header and the body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)

    def signature_valid(self, secret: str, tolerance: int = 300) -> bool:
        parts = dict(item.split("=", 1) for item in self.headers["Alianza-Signature"].split(","))
        timestamp = int(parts["t"])
        expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + self.body,
                            hashlib.sha256).hexdigest()
        return (hmac.compare_digest(expected, parts["v1"])
                and abs(time.time() - timestamp) <= tolerance)


@dataclass
class Receiver:
    """Answers each POST with the next of ``answers`` ((status, body, delay)), then 200."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    answers: list[tuple[int, bytes, float]] = field(default_factory=list)
    headers_out: dict[str, str] = field(default_factory=dict)

    def answer(self, status: int, body: bytes = b"", delay: float = 0, times: int = 1) -> None:
        self.answers.extend([(status, body, delay)] * times)

    def events(self, name: str) -> list[Received]:
        return [r for r in self.received if r.headers.get("Alianza-Event") == name]


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's API
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            status, reply, delay = state.answers.pop(0) if state.answers else (200, b"ok", 0)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for name, value in state.headers_out.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except OSError:
                pass  # the sender gave up waiting

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
