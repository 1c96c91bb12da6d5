"""Sending one signed POST to a receiver, safely.

The receiver's address is resolved once, every address it resolves to is checked (no
private, loopback, link-local or otherwise internal address unless WEBHOOKS_ALLOW_PRIVATE),
and the connection is made to the address that was checked, so a name that changes its
answer between the check and the request (DNS rebinding) cannot reach inside. Redirects are
never followed and only the start of the response body is read.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

RESPONSE_KEEP = 2048  # bytes of the response body kept for staff to read
USER_AGENT = "Alianza-Webhooks/1"


class UnsafeURL(ValueError):
    """An address webhooks may not be sent to; the message says why, for staff."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: str


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOKS_TIMEOUT_SECONDS", 10))


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix>,v1=<hex of HMAC-SHA256(secret, "<t>.<body>")>``."""
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _address_refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def target_check(url: str, *, resolve: bool = True) -> Target:
    """The parts of ``url`` and the addresses to connect to; ``UnsafeURL`` if refused."""
    parts = urlsplit(url.strip())
    allow_private = private_allowed()
    if parts.scheme not in ("https", "http"):
        raise UnsafeURL(_("The address must start with https://."))
    if parts.scheme == "http" and not (settings.DEBUG or allow_private):
        raise UnsafeURL(_("The address must start with https://."))
    if parts.username or parts.password:
        raise UnsafeURL(_("The address may not contain a user name or password."))
    host = parts.hostname or ""
    if not host:
        raise UnsafeURL(_("The address has no host name."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeURL(_("The address has an invalid port.")) from error
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not resolve:
        return Target(parts.scheme, host, port, path, ())
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeURL(_("The host name could not be found.")) from error
    addresses = tuple(dict.fromkeys(info[4][0] for info in found))
    if not allow_private and any(_address_refused(a) for a in addresses):
        raise UnsafeURL(_("The address points inside a private network, which is not "
                          "allowed."))
    return Target(parts.scheme, host, port, path, addresses)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, address: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, address: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``. Raises ``UnsafeURL`` or a network error (``OSError``,
    ``http.client.HTTPException``, timeouts); any answer, 3xx included, is returned as is."""
    target = target_check(url)
    if target.scheme == "https":
        connection: http.client.HTTPConnection = _PinnedHTTPSConnection(
            target.addresses[0], target.host, target.port, timeout=timeout_seconds(),
            context=ssl.create_default_context())
    else:
        connection = _PinnedHTTPConnection(target.addresses[0], target.host, target.port,
                                           timeout=timeout_seconds())
    try:
        connection.request("POST", target.path, body=body, headers={
            "Content-Type": "application/json", "User-Agent": USER_AGENT, **headers})
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_KEEP)
        return Answer(response.status, excerpt.decode("utf-8", errors="replace"))
    finally:
        connection.close()
