"""Bill identifiers and session identifiers as people and feeds write them.

"AB 1947", "AB1947", "A.B. 1947", "ab-1947", "Assembly Bill 1947" and "Assembly Bill No. 1947"
name one bill, stored as "AB 1947": the prefix, one space, the number without leading zeros.
The number only means something within a session, so a bill is found by session *and*
identifier; ``parse_session`` turns "2023-24", "2023-2024" or "20232024" into the Open States
session identifier "20232024".

Pure Python (no Django): errors carry a ``code`` and ``params`` that the web and command
layers turn into a message in the reader's language (alianza/policy/importers/messages.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# California's kinds of measures. "HR" is the Assembly's own resolution (House Resolution).
PREFIXES: dict[str, str] = {
    "AB": "Assembly Bill",
    "SB": "Senate Bill",
    "ACA": "Assembly Constitutional Amendment",
    "SCA": "Senate Constitutional Amendment",
    "ACR": "Assembly Concurrent Resolution",
    "SCR": "Senate Concurrent Resolution",
    "AJR": "Assembly Joint Resolution",
    "SJR": "Senate Joint Resolution",
    "HR": "House Resolution",
    "SR": "Senate Resolution",
}
FULL_NAMES: dict[str, str] = {name.upper(): prefix for prefix, name in PREFIXES.items()}
# Words that may stand between the kind and the number ("Assembly Bill No. 1947").
NUMBER_WORDS = {"NO", "NUM", "NUMBER", "NBR"}
MAX_LENGTH = 80
MAX_NUMBER = 99_999
_ALLOWED = re.compile(r"[A-Za-z0-9\s.\-_#/,:\u2010-\u2015]*")
_TOKENS = re.compile(r"[A-Z]+|\d+")
_SESSION = re.compile(r"(\d{4})\s*(?:[-/\u2010-\u2015\s]\s*)?(\d{4}|\d{2})")


class IdentifierError(ValueError):
    """Not a bill identifier, or a kind of bill California does not have.

    ``code`` is one of ``identifier.empty``, ``identifier.malformed``,
    ``identifier.unknown_kind``, ``session.malformed``; ``params`` holds the text given
    (``value``) and, for an unknown kind, the prefix read (``prefix``).
    """

    def __init__(self, code: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class BillNumber:
    prefix: str  # "AB", or "ABX1" for a bill of the first extraordinary session
    number: int

    def __str__(self) -> str:
        return f"{self.prefix} {self.number}"

    @property
    def kind(self) -> str:
        """The prefix without an extraordinary session's "X1": "AB", "SCR"..."""
        return self.prefix.split("X", 1)[0] if "X" in self.prefix[2:] else self.prefix

    @property
    def chamber(self) -> str:
        """The chamber the measure starts in, in Open States' words: "lower" or "upper"."""
        return "upper" if self.kind.startswith("S") else "lower"


def parse_identifier(raw: object) -> BillNumber:
    """Read a bill identifier however it was written; raise ``IdentifierError`` if it is
    not one."""
    if not isinstance(raw, str) or not raw.strip():
        raise IdentifierError("identifier.empty", "No bill identifier was given.",
                              value="" if raw is None else str(raw)[:MAX_LENGTH])
    value = raw.strip()
    if len(value) > MAX_LENGTH or not _ALLOWED.fullmatch(value):
        raise _malformed(value)
    tokens = _TOKENS.findall(value.upper())
    if len(tokens) < 2 or not tokens[-1].isdigit():
        raise _malformed(value)
    number = int(tokens[-1])
    head = tokens[:-1]
    while head and head[-1] in NUMBER_WORDS:
        head.pop()
    special = ""
    # "ABX1 1" reads as ABX, 1, 1 and "AB X1 1" as AB, X, 1, 1: a bill of an extraordinary
    # session, numbered within it.
    if len(head) >= 2 and head[-1].isdigit():
        marker = head[-2]
        if marker == "X":
            head = head[:-2]
        elif len(marker) > 1 and marker.endswith("X"):
            head = [*head[:-2], marker[:-1]]
        else:
            raise _malformed(value)
        special = f"X{int(tokens[-2])}"
    if not head or any(token.isdigit() for token in head) or not 0 < number <= MAX_NUMBER:
        raise _malformed(value)
    # "A.B." is read as A, B: letters alone join up; words ("Assembly Resolution") do not.
    joined = "".join(head) if all(len(t) == 1 for t in head) else " ".join(head)
    prefix = FULL_NAMES.get(" ".join(head), joined)
    if prefix not in PREFIXES:
        raise IdentifierError("identifier.unknown_kind",
                              f"{prefix!r} is not a kind of bill California has.",
                              value=value, prefix=prefix)
    return BillNumber(prefix + special, number)


def normalise_identifier(raw: object) -> str:
    """"A.B. 1947" -> "AB 1947"; raises ``IdentifierError``."""
    return str(parse_identifier(raw))


def _malformed(value: str) -> IdentifierError:
    return IdentifierError("identifier.malformed", f"{value!r} is not a bill identifier.",
                           value=value[:MAX_LENGTH])


def parse_session(raw: object) -> str:
    """"2023-24", "2023-2024", "2023–24", "20232024" or "2023-2024 Regular Session" ->
    "20232024", Open States' identifier of a two-year session. The second year must follow
    the first."""
    text = raw.strip() if isinstance(raw, str) else str(raw or "").strip()
    match = _SESSION.search(text) if len(text) <= MAX_LENGTH else None
    if match is None or _SESSION.search(text, match.end()) is not None:
        raise _bad_session(text)
    start = int(match.group(1))
    end_text = match.group(2)
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    if len(end_text) == 2 and end < start:  # "1999-00"
        end += 100
    if end != start + 1 or not 1800 <= start <= 2200:
        raise _bad_session(text)
    rest = (text[:match.start()] + text[match.end():]).strip()
    if rest and not re.fullmatch(r"[A-Za-z\s]*(?:session|sesi[oó]n)[A-Za-z\s]*", rest,
                                 re.IGNORECASE):
        raise _bad_session(text)
    return f"{start}{end}"


def _bad_session(text: str) -> IdentifierError:
    return IdentifierError("session.malformed", f"{text!r} is not a legislative session.",
                           value=text[:MAX_LENGTH])


def session_name(identifier: str) -> str:
    """"20232024" -> "2023-2024 Regular Session" (Open States' name for it)."""
    return f"{identifier[:4]}-{identifier[4:8]} Regular Session"


def session_label(identifier: str) -> str:
    """"20232024" -> "2023-24", as the coalition writes it."""
    if len(identifier) == 8 and identifier.isdigit():
        return f"{identifier[:4]}-{identifier[6:8]}"
    return identifier
