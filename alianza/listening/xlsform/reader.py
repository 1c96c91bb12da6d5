"""Reading an uploaded XLSForm: the project's safe workbook reader, then pyxform's check.

The workbook comes from outside, so it is opened with ``alianza.core.untrusted`` (bounded
zip, no XML entities, streamed rows) and only its cell values reach pyxform, as the same
sheet dictionaries pyxform's own reader builds. pyxform then checks the whole form and
builds its XForm, so a form we accept is one ODK Collect and KoBoToolbox accept too.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xlsx_value_to_str
from pyxform.xls2xform import convert

from alianza.core.untrusted import DEFAULT_LIMITS, UntrustedFileError, open_workbook
from alianza.core.untrusted_messages import untrusted_message

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # real XLSForms are a few tens of kilobytes
# A survey people answer on a phone has at most a few hundred rows; a bigger sheet is a
# mistake or an attack, and pyxform holds everything in memory.
LIMITS = DEFAULT_LIMITS.but(max_rows=5_000, max_columns=200, max_uncompressed=50 * 1024 * 1024)
SHEETS = ("survey", "choices", "settings")


class XLSFormError(ValueError):
    """A form we refuse; the message is already in the user's language."""


@dataclass
class Sheet:
    headers: list[str] = field(default_factory=list)
    # (row number as the spreadsheet shows it, {column header: text})
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return xlsx_value_to_str(value).strip()


def read_sheets(data: bytes) -> dict[str, Sheet]:
    """The survey, choices and settings sheets of an XLSX workbook."""
    if not data:
        raise XLSFormError(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise XLSFormError(_("The file is larger than %(size)d MB; an XLSForm is much "
                             "smaller.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    sheets: dict[str, Sheet] = {}
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(data)
        handle.flush()
        try:
            with open_workbook(handle.name, LIMITS) as workbook:
                for index, name in enumerate(workbook.sheet_names):
                    key = name.strip().lower()
                    if key in SHEETS and key not in sheets:
                        sheets[key] = _sheet(workbook.rows(index))
        except UntrustedFileError as error:
            raise XLSFormError(untrusted_message(error)) from error
    if "survey" not in sheets:
        raise XLSFormError(_("The workbook has no sheet named “survey”, so it is not an "
                             "XLSForm."))
    return sheets


def _sheet(rows) -> Sheet:
    sheet = Sheet()
    for number, values in rows:
        cells = [_text(value) for value in values]
        if not sheet.headers:
            sheet.headers = cells
            continue
        row = {header: cell for header, cell in zip(sheet.headers, cells, strict=False)
               if header and cell}
        if row:
            sheet.rows.append((number, row))
    return sheet


def pyxform_check(sheets: dict[str, Sheet], *, form_name: str = "data") -> None:
    """Have pyxform parse the form and build its XForm; its complaint becomes our message."""
    workbook: dict[str, Any] = {"sheet_names": list(sheets)}
    for key, sheet in sheets.items():
        # pyxform counts rows itself and names them in its messages: keep the gaps.
        rows: list[dict[str, str]] = []
        for number, row in sheet.rows:
            rows.extend({} for _gap in range(number - 2 - len(rows)))
            rows.append(dict(row))
        workbook[key] = rows
        workbook[f"{key}_header"] = [{header: None for header in sheet.headers if header}]
    try:
        convert(xlsform=workbook, form_name=form_name, warnings=[])
    except PyXFormError as error:
        raise XLSFormError(_("pyxform, which checks XLSForms, refused this form: %(error)s")
                           % {"error": str(error)}) from error
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        # pyxform has no other error type for some malformed input; never a server error.
        raise XLSFormError(_("pyxform, which checks XLSForms, could not read this form "
                             "(%(error)s).") % {"error": error.__class__.__name__}) from error
