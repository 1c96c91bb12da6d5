"""Outreach settings: Django settings first, then environment variables, then defaults.

Every value can be set in ``settings.py`` (``OUTREACH_<NAME>``) or in the environment, so
a worker started from a shell or a test can be configured without code.
"""

from __future__ import annotations

import os
from email.utils import parseaddr
from typing import Any

from django.conf import settings


def _get(name: str, default: Any) -> Any:
    full = f"OUTREACH_{name}"
    if hasattr(settings, full):
        return getattr(settings, full)
    raw = os.environ.get(full)
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def from_address() -> str:
    return _get("FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)


def sender_domain() -> str:
    address = parseaddr(from_address())[1]
    return address.rpartition("@")[2] or "localhost"


def bounce_domain() -> str:
    """Domain of the per-recipient return path (``bounces+<token>@<domain>``)."""
    return _get("BOUNCE_DOMAIN", "") or sender_domain()


def bounce_local() -> str:
    return _get("BOUNCE_LOCAL_PART", "bounces")


def unsubscribe_mailbox() -> str:
    return _get("UNSUBSCRIBE_MAILBOX", "") or f"unsubscribe@{bounce_domain()}"


def batch_size() -> int:
    return _get("BATCH_SIZE", 200)


def claim_timeout() -> float:
    """Seconds after which a batch claimed by a worker that vanished is taken over."""
    return _get("CLAIM_TIMEOUT", 300.0)


def max_attempts() -> int:
    return _get("MAX_ATTEMPTS", settings.EMAIL_MAX_ATTEMPTS)


def confirm_days() -> int:
    """Days a sign-up waits for confirmation before it expires."""
    return _get("CONFIRM_DAYS", 7)


def subscribe_emails_per_day() -> int:
    """Sign-up emails (confirmation or "already subscribed") one address gets in a day."""
    return _get("SUBSCRIBE_EMAILS_PER_DAY", 3)


def subscribe_email_interval() -> float:
    """Seconds before a repeated sign-up for one address sends another email."""
    return _get("SUBSCRIBE_EMAIL_INTERVAL", 300.0)


def soft_bounce_limit() -> int:
    return _get("SOFT_BOUNCE_LIMIT", 3)


def max_body_bytes() -> int:
    # Gmail clips messages above ~102 KB; 200 KB leaves room for images' markup.
    return _get("MAX_BODY_BYTES", 200_000)


def webhook_secret() -> str:
    return _get("WEBHOOK_SECRET", "")


def tracking_allowed() -> bool:
    """Whether mailings may turn on open/click counting at all (off by default)."""
    return _get("TRACKING", False)


def providers() -> dict[str, dict]:
    """Named SMTP providers; each may set host, port, user, password, tls, rate (msg/s)."""
    configured = _get("PROVIDERS", None) or {}
    default = {
        "host": settings.EMAIL_HOST, "port": settings.EMAIL_PORT,
        "user": settings.EMAIL_HOST_USER, "password": settings.EMAIL_HOST_PASSWORD,
        "tls": settings.EMAIL_USE_TLS, "timeout": settings.EMAIL_TIMEOUT,
        "rate": _get("RATE", 0.0),
    }
    result = {"default": default}
    for name, options in configured.items():
        result[name] = {**default, **options}
    return result


def provider(name: str) -> dict:
    return providers().get(name) or providers()["default"]


def dkim() -> dict | None:
    """DKIM signing settings (selector, domain, key file), or None when not configured."""
    key_path = _get("DKIM_KEY_FILE", "")
    selector = _get("DKIM_SELECTOR", "")
    if not key_path or not selector:
        return None
    with open(key_path, "rb") as handle:
        key = handle.read()
    return {"selector": selector, "domain": _get("DKIM_DOMAIN", "") or sender_domain(),
            "key": key}
