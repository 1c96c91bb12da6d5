"""Raw RFC 5322 messages for bulk mail, built by hand for speed and exact headers.

The stdlib ``email`` package is used for the parts that need care (encoded words, address
quoting); the rest is assembled once per mailing and language. Header values that come
from people (names) have control characters removed and are quoted by ``formataddr``, so
no newline or display-name trick can add a header. Bodies are quoted-printable, so the
boundary (which contains ``=_``) can never occur inside a part.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import time
from dataclasses import dataclass, field
from email.utils import formataddr, formatdate

from alianza.outreach import conf
from alianza.outreach.services import tokens
from alianza.outreach.services.rendering import CompiledContent

CRLF = "\r\n"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
DKIM_HEADERS = [
    b"From", b"To", b"Subject", b"Date", b"Message-ID", b"MIME-Version", b"Content-Type",
    b"List-Id", b"List-Unsubscribe", b"List-Unsubscribe-Post", b"Reply-To",
]


def clean_display_name(name: str) -> str:
    """A display name with no control characters (no CR/LF header injection)."""
    return " ".join(_CONTROL.sub(" ", name or "").split())[:200]


def encoded_words(text: str, first_line_used: int = 0) -> str:
    """RFC 2047 base64 encoded-words of at most 39 bytes each, folded with CRLF SP.

    Written out because ``email.header.Header`` tries both encodings for every header,
    which costs more than rendering the whole message.
    """
    words, chunk, size = [], [], 0
    for char in text:
        length = len(char.encode("utf-8"))
        if size + length > 39:
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(char)
        size += length
    words.append("".join(chunk))
    encoded = [f"=?utf-8?b?{base64.b64encode(w.encode()).decode()}?=" for w in words if w]
    return f"{CRLF} ".join(encoded)


def _fold_ascii(value: str, name: str) -> str:
    lines, line = [], f"{name}:"
    for word in value.split(" "):
        if len(line) + 1 + len(word) > 78 and line != f"{name}:":
            lines.append(line)
            line = ""
        line = f"{line} {word}"
    lines.append(line)
    return CRLF.join(lines)[len(name) + 2:]


def encode_header_value(value: str, name: str) -> str:
    if value.isascii():
        return value if len(value) + len(name) + 2 <= 78 else _fold_ascii(value, name)
    return encoded_words(value)


def address_header(name: str, address: str) -> str:
    name = clean_display_name(name)
    if name and not name.isascii():
        return f"{encoded_words(name)} <{address}>"
    return formataddr((name, address))


def _qp(text: str) -> str:
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    # b2a_qp ends its soft line breaks with a bare LF. On the wire that is not a line end,
    # so dot-stuffing misses a following "." line (a link's "..example.org" then arrives
    # broken) and DKIM's body hash no longer matches: make every line end CRLF.
    return binascii.b2a_qp(data, istext=True).decode("ascii").replace("=\n", "=\r\n")


_date_cache: list = [0, ""]


def _date() -> str:
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[:] = [now, formatdate(now, usegmt=True)]
    return _date_cache[1]


@dataclass
class MailingEnvelope:
    """What is the same for every recipient of one mailing."""

    mailing_id: int
    from_header: str
    list_id: str
    reply_to: str = ""
    boundary: str = field(default_factory=lambda: f"=_alianza_{secrets.token_hex(12)}")
    dkim: dict | None = None
    sender_domain: str = field(default_factory=conf.sender_domain)
    bounce_local: str = field(default_factory=conf.bounce_local)
    bounce_domain: str = field(default_factory=conf.bounce_domain)
    unsubscribe_mailbox: str = field(default_factory=conf.unsubscribe_mailbox)


def message_id(mailing_id: int, delivery_id: int, domain: str | None = None) -> str:
    """Deterministic, so a message resent after a crash carries the same Message-ID."""
    token = tokens.verp_token(delivery_id)
    return f"<m{mailing_id}.{token}@{domain or conf.sender_domain()}>"


def return_path(delivery_id: int) -> str:
    return f"{conf.bounce_local()}+{tokens.verp_token(delivery_id)}@{conf.bounce_domain()}"


def build_message(
    *,
    envelope: MailingEnvelope,
    content: CompiledContent,
    delivery_id: int,
    to_name: str,
    to_address: str,
    values_text: dict[str, str],
    values_html: dict[str, str],
    unsubscribe_url: str,
    extra_headers: dict[str, str] | None = None,
    subject_prefix: str = "",
) -> bytes:
    """One recipient's message as bytes with CRLF line endings, ready for SMTP DATA."""
    subject = subject_prefix + content.subject % values_text
    token = tokens.unsubscribe_token(delivery_id)
    verp = tokens.verp_token(delivery_id)
    headers = [
        f"From: {envelope.from_header}",
        f"To: {address_header(to_name, to_address)}",
        f"Subject: {encode_header_value(subject, 'Subject')}",
        f"Date: {_date()}",
        f"Message-ID: <m{envelope.mailing_id}.{verp}@{envelope.sender_domain}>",
        "MIME-Version: 1.0",
        f"Content-Language: {content.language}",
        f"List-Id: {envelope.list_id}",
        f"List-Unsubscribe: <{unsubscribe_url}>,{CRLF} "
        f"<mailto:{envelope.unsubscribe_mailbox}?subject=unsubscribe-{token}>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    ]
    if envelope.reply_to:
        headers.append(f"Reply-To: {envelope.reply_to}")
    for name, value in (extra_headers or {}).items():
        headers.append(f"{name}: {encode_header_value(clean_display_name(value), name)}")
    headers.append(
        f'Content-Type: multipart/alternative; boundary="{envelope.boundary}"'
    )
    boundary = envelope.boundary
    body = (
        f"--{boundary}{CRLF}"
        f'Content-Type: text/plain; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        f"{_qp(content.text % values_text)}{CRLF}"
        f"--{boundary}{CRLF}"
        f'Content-Type: text/html; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        f"{_qp(content.html % values_html)}{CRLF}"
        f"--{boundary}--{CRLF}"
    )
    raw = (CRLF.join(headers) + CRLF + CRLF + body).encode("ascii")
    if envelope.dkim:
        raw = dkim_sign(raw, envelope.dkim)
    return raw


def dkim_sign(raw: bytes, options: dict) -> bytes:
    import dkim

    present = {line.split(b":", 1)[0].lower() for line in raw.split(b"\r\n\r\n", 1)[0]
               .split(b"\r\n") if b":" in line and not line.startswith((b" ", b"\t"))}
    include = [name for name in DKIM_HEADERS if name.lower() in present]
    signature = dkim.sign(
        raw, options["selector"].encode(), options["domain"].encode(), options["key"],
        include_headers=include, linesep=b"\r\n",
    )
    return signature + raw
