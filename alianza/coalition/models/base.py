"""Helpers shared by the coalition models."""

from __future__ import annotations

LANGUAGE_TAG_LENGTH = 35  # BCP 47 tags are short in practice; RFC 5646 suggests 35.


def normalize_email(address: str) -> str:
    """The form of an address used for dedupe: trimmed and lower-cased."""
    return (address or "").strip().lower()


def subject_key(address: str) -> str:
    """A keyed hash of an address: matches a later request without storing the address.

    Keyed with SECRET_KEY, so it cannot be reversed by hashing guessed addresses without
    the key. (Rotating SECRET_KEY breaks the match for older rows.)
    """
    from django.utils.crypto import salted_hmac

    return salted_hmac(
        "alianza.coalition.subject", normalize_email(address), algorithm="sha256"
    ).hexdigest()
