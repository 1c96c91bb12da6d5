"""Delimited text from outside, bounded before the csv module or polars build anything.

Part of :mod:`alianza.core.untrusted`: a line, a record, the number of columns and rows all
have limits, and compressed input is refused.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from alianza.core.untrusted.limits import (
    COMPRESSED_MAGIC,
    DEFAULT_LIMITS,
    Limits,
    UntrustedFileError,
)


class _BoundedLines:
    """Lines of a text file for ``csv.reader``, refusing any line or record too long.

    ``readline(limit)`` never reads more than the limit, so a ten-million-field line is
    refused after reading ``max_record_chars`` characters, not after building ten million
    fields. ``record_done`` is called after each record to reset the per-record count.
    """

    def __init__(self, handle: IO[str], limits: Limits) -> None:
        self.handle = handle
        self.limits = limits
        self.line = 0
        self.record_chars = 0

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        limit = self.limits.max_record_chars
        line = self.handle.readline(limit + 1)
        if not line:
            raise StopIteration
        self.line += 1
        self.record_chars += len(line)
        if self.record_chars > limit:
            raise UntrustedFileError("file.line_too_long", line=self.line, limit=limit)
        return line

    def record_done(self) -> None:
        self.record_chars = 0


def iter_csv_rows(
    path: str | Path, *, encoding: str, delimiter: str = ",", limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` for each CSV record, with rows, columns and sizes bounded.

    Blank rows are yielded (as ``[]``) so callers can number rows as spreadsheets do;
    they do not count towards ``max_rows``.
    """
    with open(path, encoding=encoding, newline="", errors="replace") as handle:
        lines = _BoundedLines(handle, limits)
        reader = csv.reader(lines, delimiter=delimiter or ",", strict=True)
        rows = 0
        while True:
            start = lines.line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise UntrustedFileError("file.csv_broken", line=lines.line) from error
            lines.record_done()
            if len(cells) > limits.max_columns and any(cells[limits.max_columns :]):
                raise UntrustedFileError(
                    "file.too_many_columns", count=len(cells), limit=limits.max_columns
                )
            if any(cells):
                rows += 1
                if rows > limits.max_rows:
                    raise UntrustedFileError("file.too_many_rows", limit=limits.max_rows)
            yield start, cells[: limits.max_columns]


def check_text_head(
    path: str | Path,
    *,
    delimiters: Iterable[str],
    encoding: str = "latin-1",
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Refuse a text file whose first non-blank line is too long or has too many fields,
    or which holds NUL bytes at its start, before a columnar reader allocates for it."""
    with open(path, "rb") as handle:
        head = handle.read(limits.max_header_chars + 1)
    if b"\x00" in head[:4096] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UntrustedFileError("file.not_text")
    # polars decompresses gzip, zlib and zstd input by itself, without any size limit; the
    # readers hand it the text after a byte-order mark and blank lines, so look there too.
    starts = head.removeprefix(codecs.BOM_UTF8)
    if any(start.startswith(COMPRESSED_MAGIC) for start in (starts, starts.lstrip(b"\r\n \t"))):
        raise UntrustedFileError("file.not_text")
    text = head.decode(encoding, errors="replace").lstrip("\r\n \t")
    end = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=-1)
    if end < 0 and len(head) > limits.max_header_chars:
        raise UntrustedFileError("file.line_too_long", line=1, limit=limits.max_header_chars)
    first = text if end < 0 else text[:end]
    fields = max((first.count(delimiter) for delimiter in delimiters), default=0) + 1
    if fields > limits.max_columns:
        raise UntrustedFileError("file.too_many_columns", count=fields, limit=limits.max_columns)
