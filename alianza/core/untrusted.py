"""Reading spreadsheets and text files that come from outside, within bounded memory and time.

Every upload (contact imports, state data files, student files, and later library uploads,
XLSForms and bill files) is untrusted: a 5 KB workbook can declare a cell at XFD1048576, a
zip can expand a thousandfold, XML can define entities that expand exponentially, a CSV line
can hold ten million fields. Third-party readers size their buffers from what the file
*declares*, so this module never hands them an unchecked file:

- ``check_zip`` looks at the container before anything is decompressed: number of entries,
  total and per-entry uncompressed size, compression ratio, encryption, and XML that
  declares a DOCTYPE or entities.
- ``iter_xlsx_rows`` streams a worksheet row by row with expat, after refusing any DOCTYPE
  (so no entity is ever declared or expanded), ignores the declared dimensions, skips empty
  cells and rows instead of materialising them, and stops at the first limit exceeded.
- ``iter_csv_rows`` and ``check_text_head`` bound line, record and column counts before the
  csv module or polars build anything.

Memory is therefore proportional to one row plus the shared strings (themselves bounded by
the uncompressed-size limit), and time is linear in the bytes really present.

Errors are ``UntrustedFileError`` with a stable ``code`` and ``params`` and an English
message; the web layer translates them (``alianza.core.untrusted_messages``). No Django
import here: the student-file rules engine, which runs outside Django, uses this module too.
"""

from __future__ import annotations

import datetime
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from xml.etree.ElementTree import XMLPullParser

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
# gzip, the four zlib headers and zstd: what polars would silently decompress.
COMPRESSED_MAGIC = (
    b"\x1f\x8b", b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda", b"\x28\xb5\x2f\xfd"
)


@dataclass(frozen=True)
class Limits:
    """What one file may contain. The defaults fit the largest real files we know of
    (CDE's statewide downloads, a 1,000,000-row contact export) with room to spare."""

    max_rows: int = 2_000_000
    max_columns: int = 1_000
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_header_chars: int = 256 * 1024  # the whole first line of a text file
    max_record_chars: int = 1024 * 1024  # one CSV record, however many lines it spans
    max_zip_entries: int = 10_000
    max_uncompressed: int = 512 * 1024 * 1024  # all entries of a workbook together
    max_ratio: int = 200  # uncompressed / compressed for any sizeable entry
    ratio_floor: int = 16 * 1024 * 1024  # entries smaller than this may compress better
    max_shared_strings: int = 5_000_000
    max_xml_depth: int = 64
    max_sheets: int = 200
    # Sheets whose cells span at most this many rows × columns are read by calamine.
    max_fast_cells: int = 4_000_000

    def but(self, **changes: int) -> Limits:
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()

# English text for each code; ``alianza.core.untrusted_messages`` holds the translations.
TEMPLATES: dict[str, str] = {
    "file.empty": "The file is empty.",
    "file.not_workbook": (
        "The file could not be opened as an Excel workbook. Save it again as .xlsx or CSV."
    ),
    "file.old_excel": (
        "This is an old Excel (.xls) or password-protected workbook. Save it as .xlsx without "
        "a password, or as CSV."
    ),
    "file.encrypted": "The workbook is encrypted. Save it without a password and try again.",
    "file.too_many_entries": (
        "The workbook is made of {count} parts; at most {limit} are accepted."
    ),
    "file.too_big_uncompressed": (
        "The workbook would take {size} MB once uncompressed; at most {limit} MB are accepted."
    ),
    "file.compression_ratio": (
        "The workbook is compressed far more than real spreadsheets are ({ratio} to 1); it "
        "was refused as a possible zip bomb."
    ),
    "file.xml_doctype": (
        "The workbook contains XML declarations (DOCTYPE or ENTITY) that spreadsheets never "
        "use; it was refused for safety."
    ),
    "file.xml_depth": "The workbook's XML is nested more than {limit} levels deep.",
    "file.xml_broken": "The workbook is damaged: its {part} part could not be read.",
    "file.too_many_rows": "The file has more than {limit} rows. Split it into smaller files.",
    "file.too_many_columns": (
        "The file has a value in column {count}; at most {limit} columns are accepted."
    ),
    "file.too_many_sheets": "The workbook has {count} sheets; at most {limit} are accepted.",
    "file.cell_too_long": (
        "A cell holds more than {limit} characters, which is more than a spreadsheet cell can."
    ),
    "file.line_too_long": (
        "Line {line} is longer than {limit} characters; this does not look like a table."
    ),
    "file.not_text": (
        "The file holds binary data, such as a workbook or an image, not delimited text."
    ),
    "file.csv_broken": (
        "The file could not be read as CSV near line {line}. Check for a quotation mark that "
        "is not closed, or save the file again as CSV."
    ),
    "file.too_many_strings": (
        "The workbook holds more than {limit} different texts; split it into smaller files."
    ),
}


class UntrustedFileError(Exception):
    """A file refused by the limits or unreadable; ``code``/``params`` identify the message."""

    code: ClassVar[str] = ""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code  # type: ignore[misc]
        self.params: dict[str, str] = {key: str(value) for key, value in params.items()}
        super().__init__(TEMPLATES[code].format(**self.params))

    @property
    def message(self) -> str:
        return str(self)


# --- zip container ---------------------------------------------------------------------------

# What a corrupt, truncated or exotic zip entry raises while being read.
_ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError, NotImplementedError
)
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def sniff(path: str | Path) -> str:
    """``"zip"``, ``"ole"`` or ``"text"`` from the first bytes (never from the file name)."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return "text"


def check_zip(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open ``path`` as a zip after checking the container; the caller closes it.

    ``zipfile`` never reads more than an entry's declared size (and checks its CRC), so the
    declared sizes checked here bound what decompression can produce.
    """
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as error:
        raise UntrustedFileError("file.not_workbook") from error
    try:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise UntrustedFileError(
                "file.too_many_entries", count=len(entries), limit=limits.max_zip_entries
            )
        total = 0
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise UntrustedFileError("file.encrypted")
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > limits.ratio_floor and ratio > limits.max_ratio:
                raise UntrustedFileError("file.compression_ratio", ratio=int(ratio))
        if total > limits.max_uncompressed:
            raise UntrustedFileError(
                "file.too_big_uncompressed",
                size=total // 2**20,
                limit=limits.max_uncompressed // 2**20,
            )
        for entry in entries:
            if entry.filename.lower().endswith(_XML_SUFFIXES):
                _refuse_doctype(archive, entry)
    except UntrustedFileError:
        archive.close()
        raise
    except _ZIP_ERRORS as error:
        archive.close()
        raise UntrustedFileError("file.not_workbook") from error
    return archive


def _refuse_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    # A DOCTYPE must come before the root element, so the start of the part is enough;
    # defusedxml also refuses one anywhere while parsing.
    with archive.open(entry) as part:
        head = part.read(_PROLOG_MAX)
    _prolog_end(head)


# --- XLSX ------------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


@dataclass
class Workbook:
    """An opened, checked workbook: sheet names in order, read one at a time."""

    path: Path
    archive: zipfile.ZipFile
    sheets: list[tuple[str, str]]  # (name, part path)
    shared: list[str] | None
    date_styles: set[int]
    date1904: bool
    limits: Limits

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _part in self.sheets]

    def rows(self, index: int = 0) -> Iterator[tuple[int, list[Any]]]:
        """``(row number, values)`` for each row of sheet ``index`` that holds a value.

        When a quick scan of the sheet shows the real extent of its cells is small, the
        much faster calamine reads it (it allocates rows × columns of that extent); anything
        else is streamed one row at a time.
        """
        from alianza.core.untrusted_scan import CalamineWorkbook, _calamine_rows, _cell_extent

        name, part = self.sheets[index]
        extent = _cell_extent(self.archive, part, self.limits)
        if extent is not None and CalamineWorkbook is not None:
            rows, columns, cells = extent
            area = rows * columns
            # A far-away cell (even an empty, styled one) makes the grid large, and a sparse
            # grid is mostly padding: stream those, which costs only what the file holds.
            dense = area <= 4 * cells + 100_000
            if columns <= self.limits.max_columns and area <= self.limits.max_fast_cells \
                    and dense:
                yield from _calamine_rows(self, name)
                return
        if self.shared is None:
            self.shared = _shared_strings(self.archive, self.limits)
        yield from _sheet_rows(self, part)


def open_workbook(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Workbook:
    """Check and open an XLSX workbook; raises ``UntrustedFileError`` with a clear code."""
    if sniff(path) == "ole":
        raise UntrustedFileError("file.old_excel")
    archive = check_zip(path, limits)
    try:
        names = set(archive.namelist())
        sheets, date1904 = _workbook_sheets(archive, names, limits)
        date_styles = _date_styles(archive, names, limits)
    except BaseException:
        archive.close()
        raise
    return Workbook(Path(path), archive, sheets, None, date_styles, date1904, limits)


def iter_xlsx_rows(
    path: str | Path, *, sheet: int = 0, limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[int, list[Any]]]:
    """Stream the rows of one sheet; see :meth:`Workbook.rows`."""
    with open_workbook(path, limits) as workbook:
        if sheet >= len(workbook.sheets):
            raise UntrustedFileError("file.not_workbook")
        yield from workbook.rows(sheet)


_CHUNK = 256 * 1024
_PROLOG_MAX = 64 * 1024  # real parts start their root element within a hundred bytes


def _prolog_end(head: bytes) -> int:
    """Where the root element starts, refusing a DOCTYPE (and with it every entity).

    Entities can only be declared in a DOCTYPE, and a DOCTYPE only before the root element,
    so a prolog without one makes the C parser safe from entity expansion and external
    entities alike. A prolog longer than real files have is refused rather than searched.
    """
    position = 0
    while True:
        start = head.find(b"<", position)
        if start < 0:
            break
        if head.startswith(b"<?", start):
            position = head.find(b"?>", start)
        elif head.startswith(b"<!--", start):
            position = head.find(b"-->", start)
        elif head.startswith(b"<!", start):
            raise UntrustedFileError("file.xml_doctype")
        else:
            return start
        if position < 0:
            break
    if len(head) >= _PROLOG_MAX or _DOCTYPE.search(head):
        raise UntrustedFileError("file.xml_doctype")
    return len(head)  # a part too short to hold a root: the parser reports it as broken


def _parse(
    archive: zipfile.ZipFile, part: str, limits: Limits, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Any]]:
    """Events of one XML part, refusing DTDs, entities and deep nesting.

    The C ``XMLPullParser`` is fed in chunks (defusedxml's pure-Python parser was 15 times
    slower); ``_prolog_end`` has already refused anything that could declare an entity.
    """
    depth = 0
    parser = XMLPullParser(events=("start", "end"))
    try:
        with archive.open(part) as handle:
            chunk = handle.read(_PROLOG_MAX)
            _prolog_end(chunk)
            while chunk:
                parser.feed(chunk)
                for event, element in parser.read_events():
                    if event == "start":
                        depth += 1
                        if depth > limits.max_xml_depth:
                            raise UntrustedFileError(
                                "file.xml_depth", limit=limits.max_xml_depth
                            )
                    else:
                        depth -= 1
                    if event in events:
                        yield event, element
                chunk = handle.read(_CHUNK)
            parser.close()
            for event, element in parser.read_events():
                if event in events:
                    yield event, element
    except UntrustedFileError:
        raise
    except (SyntaxError, *_ZIP_ERRORS) as error:
        # ParseError is a SyntaxError (an undefined entity is one); a truncated or corrupt
        # entry raises the others.
        raise UntrustedFileError("file.xml_broken", part=PurePosixPath(part).name) from error


def _workbook_sheets(
    archive: zipfile.ZipFile, names: set[str], limits: Limits
) -> tuple[list[tuple[str, str]], bool]:
    if "xl/workbook.xml" not in names:
        raise UntrustedFileError("file.not_workbook")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for _event, element in _parse(archive, "xl/_rels/workbook.xml.rels", limits):
            if element.tag == f"{_PKG_REL}Relationship":
                target = element.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[element.get("Id", "")] = str(PurePosixPath(target))
    sheets: list[tuple[str, str]] = []
    date1904 = False
    for _event, element in _parse(archive, "xl/workbook.xml", limits):
        if element.tag == f"{_MAIN}workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif element.tag == f"{_MAIN}sheet":
            part = targets.get(element.get(f"{_REL}id", ""), "")
            if part in names:
                sheets.append((element.get("name", "")[:100], part))
                if len(sheets) > limits.max_sheets:
                    raise UntrustedFileError(
                        "file.too_many_sheets", count=len(sheets), limit=limits.max_sheets
                    )
    if not sheets and "xl/worksheets/sheet1.xml" in names:
        sheets = [("Sheet1", "xl/worksheets/sheet1.xml")]
    if not sheets:
        raise UntrustedFileError("file.not_workbook")
    return sheets, date1904


def _date_styles(archive: zipfile.ZipFile, names: set[str], limits: Limits) -> set[int]:
    """Indexes of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in names:
        return set()
    custom_dates: set[int] = set()
    styles: set[int] = set()
    index = 0
    in_cell_xfs = False
    for event, element in _parse(archive, "xl/styles.xml", limits, events=("start", "end")):
        if element.tag == f"{_MAIN}numFmt" and event == "end":
            code = _QUOTED_OR_BRACKETED.sub("", element.get("formatCode", ""))
            if _DATE_CODE.search(code):
                custom_dates.add(_int(element.get("numFmtId")))
        elif element.tag == f"{_MAIN}cellXfs":
            in_cell_xfs = event == "start"
        elif element.tag == f"{_MAIN}xf" and in_cell_xfs and event == "start":
            number_format = _int(element.get("numFmtId"))
            if number_format in _DATE_FORMAT_IDS or number_format in custom_dates:
                styles.add(index)
            index += 1
    return styles


def _shared_strings(archive: zipfile.ZipFile, limits: Limits) -> list[str]:
    names = set(archive.namelist())
    if "xl/sharedStrings.xml" not in names:
        return []
    strings: list[str] = []
    parts: list[str] = []
    phonetic = 0
    root = None
    for event, element in _parse(archive, "xl/sharedStrings.xml", limits, ("start", "end")):
        tag = element.tag
        if root is None:
            root = element
        if tag == f"{_MAIN}rPh":  # phonetic guides are not part of the text
            phonetic += 1 if event == "start" else -1
        elif tag == f"{_MAIN}t" and event == "end" and not phonetic:
            parts.append(element.text or "")
        elif tag == f"{_MAIN}si" and event == "end":
            text = "".join(parts)
            parts = []
            if len(text) > limits.max_cell_chars:
                raise UntrustedFileError("file.cell_too_long", limit=limits.max_cell_chars)
            strings.append(text)
            if len(strings) > limits.max_shared_strings:
                raise UntrustedFileError("file.too_many_strings", limit=limits.max_shared_strings)
            root.clear()  # the finished string is kept as text, not as XML
    return strings


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sheet_rows(workbook: Workbook, part: str) -> Iterator[tuple[int, list[Any]]]:
    limits = workbook.limits
    shared = workbook.shared or []
    row_number = 0
    rows_seen = 0
    cells: dict[int, Any] = {}
    next_column = 0
    parent = None
    for event, element in _parse(workbook.archive, part, limits, ("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_MAIN}sheetData":
                parent = element
            elif tag == f"{_MAIN}row":
                declared = _int(element.get("r"))
                row_number = declared if declared > 0 else row_number + 1
                cells = {}
                next_column = 0
            continue
        if tag == f"{_MAIN}c":
            reference = _CELL_REF.fullmatch(element.get("r", "") or "")
            column = _column_index(reference.group(1)) if reference else next_column
            next_column = column + 1
            value = _cell_value(element, shared, workbook, row_number)
            element.clear()
            if value is None:
                continue  # formatting without a value: not part of the table
            if column >= limits.max_columns:
                raise UntrustedFileError(
                    "file.too_many_columns", count=column + 1, limit=limits.max_columns
                )
            cells[column] = value
        elif tag == f"{_MAIN}row":
            element.clear()
            if parent is not None:
                parent.clear()  # drop finished rows so memory stays one row deep
            if not cells:
                continue
            rows_seen += 1
            if rows_seen > limits.max_rows:
                raise UntrustedFileError("file.too_many_rows", limit=limits.max_rows)
            width = max(cells) + 1
            yield row_number, [cells.get(index) for index in range(width)]


def _cell_value(element: Any, shared: list[str], workbook: Workbook, row: int) -> Any:
    kind = element.get("t", "n")
    if kind == "inlineStr":
        text = "".join(node.text or "" for node in element.iter(f"{_MAIN}t"))
    else:
        node = element.find(f"{_MAIN}v")
        text = node.text if node is not None else None
        if text is None:
            return None
    if len(text) > workbook.limits.max_cell_chars:
        raise UntrustedFileError("file.cell_too_long", limit=workbook.limits.max_cell_chars)
    if kind == "s":
        index = _int(text, -1)
        if not 0 <= index < len(shared):
            return None
        return shared[index] or None
    if kind == "b":
        return {"1": True, "0": False}.get(text.strip())
    if kind == "e":
        return None  # #N/A, #DIV/0!…: a formula error is not a value to import
    if kind in ("str", "inlineStr"):
        return text or None
    try:
        number = float(text)
    except ValueError:
        return None  # not a number in a number cell: as calamine and Excel, no value
    if _int(element.get("s"), 0) in workbook.date_styles:
        return _excel_date(number, workbook.date1904) or number
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _excel_date(serial: float, date1904: bool) -> datetime.date | datetime.datetime | None:
    epoch = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
    try:
        moment = epoch + datetime.timedelta(days=serial)
    except OverflowError:
        return None
    if not 1 <= moment.year <= 9999:
        return None
    return moment.date() if float(serial).is_integer() else moment


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default


# Text files, and the quick scans of workbooks, live in their own modules.
from alianza.core.untrusted_scan import count_xlsx_rows  # noqa: E402
from alianza.core.untrusted_text import check_text_head, iter_csv_rows  # noqa: E402

__all__ = [
    "DEFAULT_LIMITS", "Limits", "UntrustedFileError", "Workbook", "check_text_head",
    "check_zip", "count_xlsx_rows", "iter_csv_rows", "iter_xlsx_rows", "open_workbook",
    "sniff",
]
