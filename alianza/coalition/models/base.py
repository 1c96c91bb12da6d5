"""Helpers shared by the coalition models."""

from __future__ import annotations

LANGUAGE_TAG_LENGTH = 35  # BCP 47 tags are short in practice; RFC 5646 suggests 35.


def normalize_email(address: str) -> str:
    """The form of an address used for dedupe: trimmed and lower-cased."""
    return (address or "").strip().lower()
