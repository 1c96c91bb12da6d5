"""Reading a row's consent columns, tags and dates, and spotting columns that disagree.

Consent is data (who agreed, when, where, in which words), so a row whose consent columns
contradict each other is refused whole rather than guessed at: staff fix the file.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from functools import lru_cache

from django.utils import timezone

from alianza.core.import_hooks import (
    CONSENT_CLEANED,
    CONSENT_NO,
    CONSENT_UNKNOWN,
    CONSENT_UNSUBSCRIBED,
    CONSENT_YES,
)

YES = {"yes", "y", "true", "t", "1", "si", "sí", "x", "subscribed", "opted in", "opt in",
       "consented", "agreed", "suscrito", "suscrita", "acepta", "checked", "on"}
NO = {"no", "n", "false", "f", "0", "not subscribed", "opted out", "rechaza", "unchecked",
      "off"}
# Subscription statuses as tools write them (Action Network, Mailchimp, spreadsheets).
STATUSES = {
    "subscribed": CONSENT_YES, "confirmed": CONSENT_YES, "active": CONSENT_YES,
    "suscrito": CONSENT_YES, "suscrita": CONSENT_YES,
    "unsubscribed": CONSENT_UNSUBSCRIBED, "opted out": CONSENT_UNSUBSCRIBED,
    "dado de baja": CONSENT_UNSUBSCRIBED, "dada de baja": CONSENT_UNSUBSCRIBED,
    "spam complaint": CONSENT_UNSUBSCRIBED, "complained": CONSENT_UNSUBSCRIBED,
    "cleaned": CONSENT_CLEANED, "bouncing": CONSENT_CLEANED, "bounced": CONSENT_CLEANED,
    "undeliverable": CONSENT_CLEANED,
    "pending": CONSENT_NO, "transactional": CONSENT_NO, "never subscribed": CONSENT_NO,
    "not subscribed": CONSENT_NO, "nonsubscribed": CONSENT_NO, "archived": CONSENT_NO,
}
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
                 "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y")
CONSENT_KEYS = ("email_consent", "unsubscribed", "subscription_status")
MAX_TAGS = 50
TAG_LENGTH = 100


# Consent columns hold a handful of values and dates repeat across a file: each distinct
# cell is read once (the results are immutable).
@lru_cache(maxsize=1024)
def _plain(value: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", value.strip().lower()).split())


def yes_no(value: str) -> bool | None | str:
    """True, False, None for blank, or the text itself when it is neither yes nor no."""
    key = _plain(value)
    if not key:
        return None
    if key in YES or key.replace("í", "i") in YES:
        return True
    if key in NO:
        return False
    return value


def status(value: str) -> str | None:
    """One of the CONSENT_* values, or None when the status is not one we know."""
    key = _plain(value)
    if not key:
        return CONSENT_UNKNOWN
    return STATUSES.get(key)


@lru_cache(maxsize=16384)
def parse_date(value: str) -> datetime | None:
    """A date as tools export it (ISO, US, with or without time and "UTC"), else None."""
    text = value.strip().removesuffix("UTC").removesuffix("Z").strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
        for pattern in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)  # exports give their times in UTC
    return parsed


def split_tags(value: str) -> list[str]:
    """Tags from one cell: ``a, b`` (Action Network) or ``"a","b"`` (Mailchimp)."""
    if not value.strip():
        return []
    return list(_split_tags(value))


@lru_cache(maxsize=4096)  # a file repeats the same few combinations of tags
def _split_tags(value: str) -> tuple[str, ...]:
    try:
        cells = next(csv.reader([value], skipinitialspace=True))
    except (csv.Error, StopIteration):
        cells = value.split(",")
    tags: list[str] = []
    for cell in cells:
        for part in cell.split(";"):
            tag = " ".join(part.strip().strip('"').split())[:TAG_LENGTH]
            if tag and tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag)
    return tuple(tags[:MAX_TAGS])


def combine(consent: bool | None, unsubscribed: bool | None, state: str | None
            ) -> str | None:
    """What the consent columns of one row say together; None when they disagree."""
    said = set()
    if consent is True:
        said.add(CONSENT_YES)
    elif consent is False:
        said.add(CONSENT_NO)
    if unsubscribed is True:
        said.add(CONSENT_UNSUBSCRIBED)
    if state:
        said.add(state)
    if unsubscribed is False and state in (CONSENT_UNSUBSCRIBED, CONSENT_CLEANED):
        return None  # "not unsubscribed" next to "unsubscribed"
    if CONSENT_YES in said and len(said) > 1:
        return None
    if CONSENT_NO in said and len(said) > 1:
        # "no consent" next to "unsubscribed" or "cleaned" is no contradiction.
        said.discard(CONSENT_NO)
    if len(said) > 1:
        return None
    return said.pop() if said else CONSENT_UNKNOWN


def row_consent(row, defaults: dict[str, str]) -> tuple[str, datetime | None]:
    """(what the row's consent columns say, when consent was given), recording problems on
    ``row`` (the ``_Row`` reading it) as errors: the whole row is then skipped."""
    consent = yes_no(row.get("email_consent"))
    if isinstance(consent, str):
        row.error("email_consent", "not_yes_no", value=consent)
        consent = None
    unsubscribed = yes_no(row.get("unsubscribed"))
    if isinstance(unsubscribed, str):
        row.error("unsubscribed", "not_yes_no", value=unsubscribed)
        unsubscribed = None
    raw_status = row.get("subscription_status") or defaults.get("status", "")
    state = status(raw_status)
    if state is None:
        row.error("subscription_status", "unknown_status", value=raw_status)
    said = combine(consent, unsubscribed, state)
    if said is None:
        keys = [key for key in CONSENT_KEYS if key in row.mapping and row.get(key)]
        shown = ", ".join(f"{row.headers[row.mapping[key]]}: {row.get(key)}" for key in keys)
        if "status" in defaults and "subscription_status" not in row.mapping:
            shown = ", ".join(filter(None, (shown, defaults["status"])))
        row.error(keys[0] if keys else "email", "consent_conflict", columns=shown)
        said = CONSENT_UNKNOWN
    consent_at = None
    for key in ("consent_confirmed", "consent_date"):
        raw = row.get(key)
        if not raw:
            continue
        parsed = parse_date(raw)
        if parsed is None:
            row.error(key, "invalid_date", value=raw)
        elif parsed > timezone.now():
            row.error(key, "future_date", value=raw)
        elif consent_at is None:
            consent_at = parsed  # confirmed on, else the date consent was given
    return said, consent_at

