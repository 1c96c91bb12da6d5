"""Streaming CSV downloads that spreadsheets open safely."""

from __future__ import annotations

import csv

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula (OWASP "CSV injection").

    A leading quote makes Excel, LibreOffice and Google Sheets treat the cell as text.
    Leading spaces are ignored by some spreadsheets, so they do not hide a trigger.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() hands the line back, for streaming responses."""

    def write(self, value: str) -> str:
        return value


def streaming_writer():
    """A csv writer whose ``writerow`` returns the formatted line instead of storing it."""
    return csv.writer(_Echo())
