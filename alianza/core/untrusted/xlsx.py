"""XLSX workbooks streamed row by row: sheets, shared strings, dates, cell values.

Part of :mod:`alianza.core.untrusted`: the declared dimensions are ignored, empty cells and
rows are skipped instead of materialised, and reading stops at the first limit exceeded.
Every XML part is read through ``container._parse``.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from alianza.core.untrusted.container import _parse, check_zip, sniff
from alianza.core.untrusted.limits import DEFAULT_LIMITS, Limits, UntrustedFileError

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
        from alianza.core.untrusted.scan import CalamineWorkbook, _calamine_rows, _cell_extent

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
