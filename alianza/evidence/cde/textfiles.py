"""Reading CDE text downloads: any encoding CDE has used, any line ending, ^ tab or comma.

Everything is read as text; the readers decide what is a code, a count or a name. Reading
codes as numbers is how leading zeros get lost, so nothing here ever guesses types.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from alianza.core import untrusted
from alianza.evidence.cde.errors import EmptyFile, RefusedFile, UnreadableFile

DELIMITERS = ("^", "\t", ",", "|")
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# The widest CDE download (the ELPAC student score file) has ~370 columns.
LIMITS = untrusted.DEFAULT_LIMITS.but(max_columns=2_000, max_header_chars=256 * 1024)


def _check_head(path: Path) -> None:
    """Refuse a first line too long or too wide before anything is split or allocated."""
    try:
        untrusted.check_text_head(path, delimiters=DELIMITERS, limits=LIMITS)
    except untrusted.UntrustedFileError as error:
        raise RefusedFile(file=path.name, error=error) from error


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of the file's bytes: the same file imported twice has the same hash."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_workbook(path: str | Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(4)
    return head in (XLSX_MAGIC, XLS_MAGIC)


def decode(data: bytes, *, file: str) -> tuple[str, str]:
    """Text and the encoding that read it: UTF-8 when valid, else Windows-1252 / Latin-1.

    CDE's files are mostly Latin-1 ("Montañez" as one byte); a few are UTF-8 with a BOM.
    Invalid UTF-8 is never "repaired" into replacement characters: it is read as Latin-1.
    """
    if b"\x00" in data[:4096]:
        raise UnreadableFile(file=file, reason="it is a binary file, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line into the most fields."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


@dataclass
class TextTable:
    headers: list[str]
    frame: pl.DataFrame  # every cell as text, columns named c0, c1, …
    delimiter: str
    encoding: str


def read_text_table(path: str | Path, *, limit: int | None = None) -> TextTable:
    """Header and rows of a delimited text file. ``limit`` reads only that many data rows."""
    path = Path(path)
    if is_workbook(path):
        raise UnreadableFile(
            file=path.name, reason="it is an Excel workbook, not a delimited text download"
        )
    _check_head(path)
    data = path.read_bytes()
    text, encoding = decode(data, file=path.name)
    stripped, delimiter, quote, headers = _header(text, file=path.name)
    names = [f"c{i}" for i in range(len(headers))]
    try:
        frame = pl.read_csv(
            io.BytesIO(stripped.encode("utf-8")),
            has_header=True,
            separator=delimiter,
            quote_char=quote,
            infer_schema=False,
            new_columns=names,
            truncate_ragged_lines=True,
            n_rows=limit,
        )
    except (pl.exceptions.PolarsError, OSError) as error:
        raise UnreadableFile(
            file=path.name, reason="it is not a well-formed delimited text file"
        ) from error
    # A short last field on every row gives fewer columns than headers; pad them.
    for name in names[frame.width :]:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    frame = frame.select(names)
    # Blank lines inside the file come back as empty rows: they are not data.
    frame = frame.filter(~pl.all_horizontal(pl.col(name).is_null() for name in names))
    return TextTable(headers=headers, frame=frame, delimiter=delimiter, encoding=encoding)


def _split_header(text: str, delimiter: str, quote: str | None) -> list[str]:
    if quote is None:
        return [field.strip() for field in text.split("\n", 1)[0].split(delimiter)]
    # Only the start is parsed: a quote that never closes must not swallow the whole file.
    head = text[: LIMITS.max_header_chars]
    try:
        fields = next(csv.reader(io.StringIO(head), delimiter=delimiter))
    except (csv.Error, StopIteration):
        fields = head.split("\n", 1)[0].split(delimiter)
    return [field.strip() for field in fields[: LIMITS.max_columns]]


def _header(text: str, *, file: str) -> tuple[str, str, str | None, list[str]]:
    """The text from the header on, its delimiter, quote character and header fields."""
    # Skip blank lines above the header; the header is the first line with text.
    stripped = re.sub(r"^(?:[ \t]*\n)+", "", normalise_newlines(text))
    if not stripped.strip():
        raise EmptyFile(file=file)
    delimiter = sniff_delimiter(stripped.split("\n", 1)[0])
    quote = '"' if delimiter == "," else None
    # csv parses the header so a quoted header may span lines, as spreadsheet exports do.
    return stripped, delimiter, quote, _split_header(stripped, delimiter, quote)


def read_header(path: str | Path) -> tuple[list[str], str]:
    """Just the header fields and the delimiter, reading only the start of the file."""
    path = Path(path)
    if is_workbook(path):
        raise UnreadableFile(
            file=path.name, reason="it is an Excel workbook, not a delimited text download"
        )
    _check_head(path)
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)
    text, _encoding = decode(head, file=path.name)
    _text, delimiter, _quote, headers = _header(text, file=path.name)
    return headers, delimiter
