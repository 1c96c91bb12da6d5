"""Helpers shared by the coalition models."""

from __future__ import annotations

import re
import unicodedata
import uuid as uuid_module

from django.db import models

LANGUAGE_TAG_LENGTH = 35  # BCP 47 tags are short in practice; RFC 5646 suggests 35.


def public_uuid_field() -> models.UUIDField:
    """The identifier the API publishes (``alianza:<uuid>``): the row's number never leaves."""
    return models.UUIDField(default=uuid_module.uuid4, unique=True, editable=False)


def modified_at_field() -> models.DateTimeField:
    """When the row last changed, for API clients syncing with ``modified_date gt ...``."""
    return models.DateTimeField(auto_now=True, db_index=True)


class TracksModification(models.Model):
    """A model with ``modified_at``: saving only some fields still moves it.

    Django's ``auto_now`` is applied only to the fields being saved, and the services
    save with ``update_fields`` almost everywhere; without this a confirmed signature
    would keep its old ``modified_at`` and a client syncing by date would miss it.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "modified_at" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "modified_at"]
        super().save(*args, **kwargs)


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


def subject_keys(addresses: list[str]) -> dict[str, str]:
    """``subject_key`` of many addresses, deriving the HMAC key once rather than per row
    (what ``salted_hmac`` does), for imports that record thousands of consents."""
    import hashlib
    import hmac

    from django.conf import settings

    key = hashlib.sha256(
        ("alianza.coalition.subject" + settings.SECRET_KEY).encode()).digest()
    return {address: hmac.new(key, normalize_email(address).encode(), hashlib.sha256)
            .hexdigest() for address in addresses}


ORGANIZATION_KEY_LENGTH = 200

# Words that say what legal form an organization has, not which organization it is.
_LEGAL_WORDS = frozenset({
    "inc", "incorporated", "llc", "corp", "corporation", "co", "company", "ltd",
    "limited", "lp", "llp", "pllc", "pc", "plc", "nfp", "a c", "ac",
})
_CONNECTIVES = frozenset({"the", "and", "y", "of", "de", "la", "el", "los", "las", "for", "para"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain.replace("&", " and ")).split())


def search_fold(text: str) -> str:
    """Text as the staff people search compares it: case and accents folded, punctuation
    kept (an address's dots and @ are part of what staff type)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def person_search_key(name: str, email: str) -> str:
    """What the people search looks in: the folded name and the primary address."""
    return f"{search_fold(name)} {normalize_email(email)}"[:PERSON_SEARCH_KEY_LENGTH]


PERSON_SEARCH_KEY_LENGTH = 460


def organization_name_key(name: str) -> str:
    """The unique key of an organization's name: case, accents, punctuation and spacing
    don't make a different organization ("Familias Unidas, Inc" ≠ "Familias Unidas" here;
    that pair is left to staff as a likely duplicate)."""
    key = _fold(name)
    if not key:  # a name made of symbols only: keep it distinct from every other
        key = " ".join((name or "").casefold().split())
    return key[:ORGANIZATION_KEY_LENGTH]


def organization_match_key(name: str) -> str:
    """A looser key for finding likely duplicates: legal suffixes ("Inc.", "LLC"), small
    connecting words and spaces dropped, so "The InnerCity Struggle, Inc." and "Inner City
    Struggle" share it."""
    words = _fold(name).split()
    while words and (words[-1] in _LEGAL_WORDS or " ".join(words[-2:]) in _LEGAL_WORDS):
        words = words[:-2] if " ".join(words[-2:]) in _LEGAL_WORDS else words[:-1]
    kept = [w for w in words if w not in _CONNECTIVES] or words
    return "".join(kept)[:ORGANIZATION_KEY_LENGTH]
