"""Quick scans of a worksheet's XML, and reading it with calamine once the scan allows it.

Part of :mod:`alianza.core.untrusted`. calamine sizes its grid by the cells' extent, so the
extent is measured first by regular expressions over the raw XML (several times faster than
parsing it); rows are counted the same way for the upload page.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from alianza.core.untrusted.container import _ZIP_ERRORS
from alianza.core.untrusted.limits import DEFAULT_LIMITS, Limits, UntrustedFileError
from alianza.core.untrusted.xlsx import Workbook, _column_index, open_workbook

try:  # calamine reads workbooks several times faster, once their real extent is known
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - the streaming reader needs nothing more
    CalamineWorkbook = None


_ANY_CELL = (b"<c ", b"<c>", b"<c/>")
_CELL_COLUMN = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})\d{1,7}"')
_CELL_ROW = re.compile(rb'<c\s[^>]*?\br="[A-Z]{1,3}(\d{1,7})"')


def _cell_extent(
    archive: zipfile.ZipFile, part: str, limits: Limits
) -> tuple[int, int, int] | None:
    """(last row, last column, number of cells) over every cell of a sheet, valued or not,
    or None when the sheet can't be measured this way (cells without references, prefixed
    tags).

    This is what calamine sizes its grid by. The scan is regular expressions over the raw
    XML, a few times faster than parsing it.
    """
    rows = columns = cells = references = 0
    tail = b""
    try:
        with archive.open(part) as handle:
            while chunk := handle.read(4 * 1024 * 1024):
                data = tail + chunk
                cut = data.rfind(b">") + 1
                data, tail = data[:cut], data[cut:]
                if len(tail) > limits.max_record_chars:
                    return None  # a tag or text that long: let the parser judge it
                if b":c" in data:
                    return None  # namespace-prefixed tags
                cells += sum(data.count(tag) for tag in _ANY_CELL)
                letters = set(_CELL_COLUMN.findall(data))
                numbers = _CELL_ROW.findall(data)
                references += len(numbers)
                if letters:
                    columns = max(columns, *(_column_index(c.decode()) + 1 for c in letters))
                if numbers:
                    rows = max(rows, max(map(int, set(numbers))))
    except _ZIP_ERRORS as error:
        raise UntrustedFileError("file.xml_broken", part=PurePosixPath(part).name) from error
    if cells != references:
        return None
    return rows, columns, cells


_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.DOTALL)


def count_xlsx_rows(
    path: str | Path, *, sheet: int = 0, limits: Limits = DEFAULT_LIMITS
) -> int | None:
    """Rows of a sheet that hold a value, counted by scanning its XML (several times faster
    than reading the cells), or None when the sheet's markup doesn't allow it."""
    with open_workbook(path, limits) as workbook:
        if sheet >= len(workbook.sheets):
            raise UntrustedFileError("file.not_workbook")
        _name, part = workbook.sheets[sheet]
        count = 0
        tail = b""
        try:
            with workbook.archive.open(part) as handle:
                while chunk := handle.read(4 * 1024 * 1024):
                    data = tail + chunk
                    cut = data.rfind(b"</row>") + len(b"</row>") if b"</row>" in data else 0
                    data, tail = data[:cut], data[cut:]
                    if len(tail) > limits.max_record_chars * 4:
                        return None
                    if b":row" in data or b":c " in data:
                        return None  # namespace-prefixed tags
                    for body in _ROW.findall(data):
                        if b"<v>" in body or b"<is>" in body or b"<v " in body:
                            count += 1
                            if count > limits.max_rows:
                                raise UntrustedFileError(
                                    "file.too_many_rows", limit=limits.max_rows
                                )
        except _ZIP_ERRORS as error:
            raise UntrustedFileError("file.xml_broken", part=PurePosixPath(part).name) from error
        return count


def _calamine_rows(workbook: Workbook, name: str) -> Iterator[tuple[int, list[Any]]]:
    limits = workbook.limits
    try:
        sheet = CalamineWorkbook.from_path(str(workbook.path)).get_sheet_by_name(name)
        # Rows come one at a time (only calamine's own grid is held). They start at row 1,
        # but at the first used column: put back the columns to its left.
        grid = sheet.iter_rows()
        left = [None] * ((sheet.start or (0, 0))[1])
    except Exception as error:  # noqa: BLE001 - calamine raises several error types
        raise UntrustedFileError("file.not_workbook") from error
    seen = 0
    number = 0
    while True:
        try:
            row = next(grid)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 - calamine may fail on a later row
            raise UntrustedFileError("file.not_workbook") from error
        number += 1
        values = left + [None if value == "" else value for value in row]
        while values and values[-1] is None:
            values.pop()
        if not values:
            continue
        seen += 1
        if seen > limits.max_rows:
            raise UntrustedFileError("file.too_many_rows", limit=limits.max_rows)
        if any(isinstance(v, str) and len(v) > limits.max_cell_chars for v in values):
            raise UntrustedFileError("file.cell_too_long", limit=limits.max_cell_chars)
        yield number, values
