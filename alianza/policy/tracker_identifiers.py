"""Bill identifiers as people write them ("A.B. 1947", "AB1947", "Assembly Bill 1947") read
into the stored form ("AB 1947"), and the address slug ("ab-1947"). Pure: no Django.

The reading itself is the import's (``alianza.policy.identifiers``), so a number typed by
staff and one from the feed are always the same bill.
"""

from __future__ import annotations

from alianza.policy.identifiers import IdentifierError, normalise_identifier


def identifier_normalise(text: str) -> str | None:
    """"AB 1947" for any usual way of writing it; None when it is not a bill identifier."""
    try:
        return normalise_identifier(text)
    except IdentifierError:
        return None


def identifier_slug(identifier: str) -> str:
    """"AB 1947" → "ab-1947", the bill's part of its address."""
    return "-".join(identifier.lower().split())
