"""Signed tokens for links and return paths: no login, nothing stored, cannot be forged.

Tokens are short (a base-36 id plus a truncated HMAC) because they appear in every message
of a large mailing and in the return-path local part, which must stay under 64 characters.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from django.conf import settings
from django.core import signing

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def b36(number: int) -> str:
    if number == 0:
        return "0"
    out = []
    while number:
        number, rest = divmod(number, 36)
        out.append(_DIGITS[rest])
    return "".join(reversed(out))


@functools.lru_cache(maxsize=32)
def _key(purpose: str, secret: str) -> bytes:
    return hashlib.sha256(f"alianza.outreach.{purpose}{secret}".encode()).digest()


def _mac(purpose: str, value: str, length: int) -> str:
    key = _key(purpose, settings.SECRET_KEY)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:length]


def _short(purpose: str, value: str, length: int = 16) -> str:
    return f"{value}-{_mac(purpose, value, length)}"


def _read_short(purpose: str, token: str, length: int = 16) -> str | None:
    value, _sep, mac = (token or "").strip().lower().rpartition("-")
    if not value or len(mac) != length:
        return None
    if not hmac.compare_digest(mac, _mac(purpose, value, length)):
        return None
    return value


def _read_id(purpose: str, token: str, length: int = 16) -> int | None:
    value = _read_short(purpose, token, length)
    try:
        return int(value, 36) if value else None
    except ValueError:
        return None


def _email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:8]


# One-click unsubscribe: names one delivery, so the mailing and its lists are known.
def unsubscribe_token(delivery_id: int) -> str:
    return _short("unsubscribe", b36(delivery_id))


def read_unsubscribe_token(token: str) -> int | None:
    return _read_id("unsubscribe", token)


# Preference page: names a person and the address the link was sent to.
def preferences_token(person_id: int, email: str) -> str:
    return _short("preferences", f"{b36(person_id)}.{_email_hash(email)}")


def read_preferences_token(token: str) -> tuple[int, str] | None:
    value = _read_short("preferences", token)
    if not value or "." not in value:
        return None
    person, email_hash = value.split(".", 1)
    try:
        return int(person, 36), email_hash
    except ValueError:
        return None


def email_matches(email: str, email_hash: str) -> bool:
    return hmac.compare_digest(_email_hash(email), email_hash)


# Return path: bounces+<token>@domain. Local parts are case-insensitive in practice, so the
# token uses lower-case letters and digits only.
def verp_token(delivery_id: int) -> str:
    return _short("verp", b36(delivery_id), 10)


def read_verp_token(token: str) -> int | None:
    return _read_id("verp", token, 10)


# Sign-up confirmation expires with the pending subscriptions it confirms.
CONFIRM_SALT = "alianza.outreach.confirm"


def confirm_token(person_id: int, email: str) -> str:
    return signing.dumps({"p": person_id, "e": _email_hash(email)}, salt=CONFIRM_SALT)


def read_confirm_token(token: str, max_age_days: int) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age_days * 86400)
        return int(data["p"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


# Click tracking: the target URL is part of the signed value so the redirect is not open.
TRACK_SALT = "alianza.outreach.track"


def click_token(delivery_id: int, url: str) -> str:
    return signing.dumps([delivery_id, url], salt=TRACK_SALT, compress=True)


def read_click_token(token: str) -> tuple[int, str] | None:
    try:
        delivery_id, url = signing.loads(token, salt=TRACK_SALT)
        return int(delivery_id), str(url)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def open_token(delivery_id: int) -> str:
    return _short("open", b36(delivery_id))


def read_open_token(token: str) -> int | None:
    return _read_id("open", token)
