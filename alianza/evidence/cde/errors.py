"""Errors raised when a public data file cannot be read as what it claims to be.

Each error carries a stable ``code`` and ``params`` besides its English message, so the web
layer can show a translated message (``_(TEMPLATES[error.code]) % error.params``) without
parsing English text. This module stays free of Django so the readers run anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

# English source text for every error code. The web layer marks these for translation.
TEMPLATES: dict[str, str] = {
    "cde.unreadable": "{file} could not be read: {reason}.",
    "cde.empty": "{file} has no rows of data.",
    "cde.unrecognised": (
        "{file} does not have the layout of the {kind} file. Missing columns: {missing}."
    ),
    "cde.unknown_kind": (
        "{file} is not a California Department of Education file that Alianza can read "
        "(closest match: {kind}, which needs {missing})."
    ),
    "cde.bad_value": (
        "{file}: the {column} column has '{value}' on row {row}, where a count, '*' "
        "(suppressed) or a blank was expected."
    ),
    "cde.bad_code": "{file}: the {column} column has '{value}' on row {row}, not a code.",
}


class CdeFileError(Exception):
    """A file that cannot be imported; ``code`` and ``params`` identify the message."""

    code: ClassVar[str] = "cde.unreadable"

    def __init__(self, **params: object) -> None:
        self.params: dict[str, str] = {key: str(value) for key, value in params.items()}
        super().__init__(TEMPLATES[self.code].format(**self.params))

    @property
    def message(self) -> str:
        return str(self)


class UnreadableFile(CdeFileError):
    """Not a text file or workbook we can decode at all."""

    code = "cde.unreadable"

    def __init__(self, *, file: str, reason: str) -> None:
        super().__init__(file=file, reason=reason)


class RefusedFile(UnreadableFile):
    """Refused by the limits on untrusted files (``alianza.core.untrusted``): a zip bomb, a
    declared XFD1048576, entities, too many rows… ``code`` and ``params`` are that module's,
    plus ``file``, so the web layer translates them the same way for every reader."""

    def __init__(self, *, file: str, error: Any) -> None:
        self.code = error.code  # type: ignore[misc]
        self.params = {"file": file, **error.params}
        Exception.__init__(self, f"{file}: {error.message}")


class EmptyFile(CdeFileError):
    code = "cde.empty"

    def __init__(self, *, file: str) -> None:
        super().__init__(file=file)


class UnrecognisedFile(CdeFileError):
    """The file lacks columns the claimed kind of file always has."""

    code = "cde.unrecognised"

    def __init__(self, *, file: str, kind: str, missing: Iterable[str], kind_id: str = "") -> None:
        # ``kind`` is the English title; ``kind_id`` ("upc", "ltel", …) lets the web layer
        # show its own translated title instead.
        self.missing: list[str] = list(missing)
        self.kind = kind
        self.kind_id = kind_id
        super().__init__(file=file, kind=kind, missing=", ".join(self.missing), kind_id=kind_id)


class UnknownKind(UnrecognisedFile):
    """``detect_kind`` matched no reader; names the closest kind and what it lacked."""

    code = "cde.unknown_kind"


class BadValue(CdeFileError):
    """A count cell holds something that is neither a number, ``*`` nor blank."""

    code = "cde.bad_value"

    def __init__(self, *, file: str, column: str, value: str, row: int) -> None:
        super().__init__(file=file, column=column, value=value, row=row)


class BadCode(CdeFileError):
    """A CDS or other code cell holds something that is not digits."""

    code = "cde.bad_code"

    def __init__(self, *, file: str, column: str, value: str, row: int) -> None:
        super().__init__(file=file, column=column, value=value, row=row)
