"""Bill identifiers as people write them ("A.B. 1947", "AB1947", "Assembly Bill 1947") read
into the stored form ("AB 1947"), and the address slug ("ab-1947"). Pure: no Django.

A small stand-in used by the bill tracker's search and hand entry; the import's own
normaliser (``alianza.policy.identifiers``) is meant to replace it once both are merged.
"""

from __future__ import annotations

import re

# California's prefixes, longest words first so "Assembly Constitutional Amendment" is
# not read as "Assembly" + junk.
_WORDS = {
    "assembly constitutional amendment": "ACA",
    "senate constitutional amendment": "SCA",
    "assembly concurrent resolution": "ACR",
    "senate concurrent resolution": "SCR",
    "assembly joint resolution": "AJR",
    "senate joint resolution": "SJR",
    "house resolution": "HR",
    "assembly resolution": "HR",
    "senate resolution": "SR",
    "assembly bill": "AB",
    "senate bill": "SB",
}
PREFIXES = frozenset(_WORDS.values())
_SHAPE = re.compile(r"^([A-Z]{1,4})\s*0*(\d{1,5})$")


def identifier_normalise(text: str) -> str | None:
    """"AB 1947" for any usual way of writing it; None when it is not a bill identifier."""
    cleaned = " ".join((text or "").replace("-", " ").replace("_", " ").split()).lower()
    if not cleaned or len(cleaned) > 60:
        return None
    for words, prefix in _WORDS.items():
        if cleaned.startswith(words + " "):
            cleaned = prefix + cleaned[len(words):]
            break
    cleaned = re.sub(r"\bno\.?\s*", "", cleaned, flags=re.IGNORECASE)  # "AB No. 1947"
    cleaned = cleaned.replace(".", "").replace(" ", "").upper()
    match = _SHAPE.match(cleaned)
    if not match or match.group(1) not in PREFIXES or int(match.group(2)) == 0:
        return None
    return f"{match.group(1)} {int(match.group(2))}"


def identifier_slug(identifier: str) -> str:
    """"AB 1947" → "ab-1947", the bill's part of its address."""
    return "-".join(identifier.lower().split())
