"""Turn an uploaded CSV or XLSX file into rows of text, or say clearly why it can't be read.

Spreadsheets arrive from many tools: Excel on Windows saves CSV in cp1252, Excel in Spanish
locales uses semicolons, "Unicode text" is UTF-16 with tabs, and some files named .xlsx
are something else. Everything here is decided once when the file is uploaded and stored on
the import, so the dry run and the import read the file the same way.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from alianza.core import untrusted
from alianza.core.untrusted_messages import untrusted_message

CSV = "csv"
XLSX = "xlsx"
SAMPLE_ROWS = 3
_CHUNK = 1024 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_ZIP_MAGIC = untrusted.ZIP_MAGIC
_OLE_MAGIC = untrusted.OLE_MAGIC
MAX_HEADER_CHARS = 200  # one column name; real ones are a few words

class ImportFileError(Exception):
    """The file as a whole can't be imported; ``message`` tells the person why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class FileInfo:
    file_format: str
    headers: list[str]
    total_rows: int
    samples: list[list[str]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def inspect_file(
    path: Path, *, original_name: str, max_columns: int, max_rows: int
) -> FileInfo:
    """Work out the format, encoding and delimiter, read the header and count the rows."""
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)
    if not head.strip():
        raise ImportFileError(_("The file is empty."))
    suffix = Path(original_name).suffix.lower()
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _("This is an old Excel (.xls) or password-protected workbook. Save it as .xlsx "
              "without a password, or as CSV, and upload it again.")
        )
    if head.startswith(_ZIP_MAGIC):
        info = FileInfo(file_format=XLSX, headers=[], total_rows=0)
    elif suffix in {".xlsx", ".xlsm"}:
        raise ImportFileError(
            _("This file is named .xlsx but is not an Excel workbook. Open it in your "
              "spreadsheet program and save it as .xlsx or CSV.")
        )
    else:
        encoding = _detect_encoding(path, head)
        sample = head.decode(encoding, errors="replace")
        if "\x00" in sample:
            raise ImportFileError(
                _("This does not look like a CSV file. Upload a CSV or XLSX file.")
            )
        info = FileInfo(
            file_format=CSV, headers=[], total_rows=0, encoding=encoding,
            delimiter=_sniff_delimiter(sample),
        )
    rows = iter_rows(path, file_format=info.file_format, encoding=info.encoding,
                     delimiter=info.delimiter, skip=0, include_header=True, first_rows=True)
    # A large workbook is counted by scanning its XML, not by reading every cell here in
    # the web request; the dry run (a background task) sets the exact count.
    counted = _count_xlsx(path) if info.file_format == XLSX else None
    header_seen = False
    for _number, cells in rows:
        if not header_seen:
            used = len(cells)
            while used and not cells[used - 1]:
                used -= 1
            if used > max_columns:
                raise ImportFileError(
                    _("The file has %(count)s columns; at most %(limit)s can be imported. "
                      "Remove the columns you don't need and upload it again.")
                    % {"count": used, "limit": max_columns}
                )
            if any(len(cell) > MAX_HEADER_CHARS for cell in cells):
                raise ImportFileError(
                    _("A column name in the first row is longer than %(limit)s characters. "
                      "The first row should hold short column names, such as Name and Email.")
                    % {"limit": MAX_HEADER_CHARS}
                )
            info.headers = _header_names(cells)
            header_seen = True
            if len(info.headers) > max_columns:
                raise ImportFileError(
                    _("The file has %(count)s columns; at most %(limit)s can be imported. "
                      "Remove the columns you don't need and upload it again.")
                    % {"count": len(info.headers), "limit": max_columns}
                )
            if any("@" in cell and "." in cell.split("@")[-1] for cell in cells):
                raise ImportFileError(
                    _("The first row should hold column names (such as Name and Email), but "
                      "it looks like a contact. Add a row of column names at the top.")
                )
            continue
        info.total_rows += 1
        if len(info.samples) < SAMPLE_ROWS:
            info.samples.append(cells)
        if info.total_rows > max_rows:
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": max_rows}
            )
        if counted is not None and len(info.samples) == SAMPLE_ROWS:
            info.total_rows = max(counted - 1, info.total_rows)  # less the header row
            if info.total_rows > max_rows:
                raise ImportFileError(
                    _("The file has more than %(limit)s rows. Split it into smaller files.")
                    % {"limit": max_rows}
                )
            break
    if not header_seen:
        raise ImportFileError(_("The file is empty."))
    if not info.total_rows:
        raise ImportFileError(_("The file has column names but no rows of contacts."))
    return info


def iter_rows(
    path: Path,
    *,
    file_format: str,
    encoding: str = "",
    delimiter: str = "",
    skip: int = 0,
    include_header: bool = False,
    first_rows: bool = False,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row number, cells)`` for each non-blank row; the header is row 1.

    ``first_rows`` says the caller will stop after a few rows (so a workbook is streamed).

    ``skip`` leaves out that many non-blank data rows first, which is how an interrupted
    import resumes where it stopped.
    """
    raw = (
        _xlsx_rows(path, first_rows=first_rows) if file_format == XLSX
        else _csv_rows(path, encoding, delimiter)
    )
    seen_header = False
    for number, cells in raw:
        if not seen_header:
            if not any(cells):
                continue  # blank lines above the column names
            seen_header = True
            if include_header:
                yield number, cells
            continue
        if not any(cells):
            continue  # blank lines are common at the end of spreadsheets
        if skip:
            skip -= 1
            continue
        yield number, cells


def _limits() -> untrusted.Limits:
    # The reader's own bounds sit well above the import's (IMPORT_MAX_COLUMNS/ROWS), which
    # are checked with friendlier messages; these keep memory and time bounded regardless.
    return untrusted.DEFAULT_LIMITS.but(max_columns=1_000, max_rows=2_000_000)


def _refused(error: untrusted.UntrustedFileError) -> ImportFileError:
    return ImportFileError(untrusted_message(error))


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in untrusted.iter_csv_rows(
            path, encoding=encoding, delimiter=delimiter, limits=_limits()
        ):
            # _clean written out: a function call per cell costs a second per million.
            yield number, [cell.replace("\x00", "").strip() for cell in cells]
    except untrusted.UntrustedFileError as error:
        raise _refused(error) from error


def _xlsx_rows(path: Path, *, first_rows: bool = False) -> Iterator[tuple[int, list[str]]]:
    # The sheet's declared dimensions are never used to size anything. ``first_rows``: only
    # the first rows will be read, so stream them rather than have calamine load the sheet.
    limits = _limits().but(max_fast_cells=0) if first_rows else _limits()
    try:
        for number, values in untrusted.iter_xlsx_rows(path, limits=limits):
            yield number, [_cell_text(value) for value in values]
    except untrusted.UntrustedFileError as error:
        raise _refused(error) from error


def _count_xlsx(path: Path) -> int | None:
    try:
        return untrusted.count_xlsx_rows(path, limits=_limits())
    except untrusted.UntrustedFileError as error:
        raise _refused(error) from error


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Spreadsheets store phone numbers and ZIP codes as floats: 4155550100.0
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return _clean(str(value))


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL characters in text, and they are never meant.
    return text.replace("\x00", "").strip()


def _header_names(cells: list[str]) -> list[str]:
    """Column names as shown to staff; blank and repeated names get a number."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1  # trimmed by index: slicing off one cell at a time was quadratic
    names: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells[:end], start=1):
        name = cell or _("Column %(number)s") % {"number": index}
        if name in taken:
            name = f"{name} ({index})"
        names.append(name)
        taken.add(name)
    return names


def _detect_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, then cp1252/Latin-1."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes(path, encoding):
            return encoding
    return "latin-1"  # every byte is a Latin-1 character, so this always reads


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most, and most even, columns."""
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end mid-line
    text = "".join(lines[:50])
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        even = sum(len(row) == width for row in rows) / len(rows)
        score = (even, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
