"""Coded refusals and warnings about student files.

A student file is full of personal data, so nothing said about it may quote it: every refusal
and warning is a ``code`` with parameters that identify no one (counts, line numbers, and
column names the layout itself defines). The English text here is what the command line
prints; the web layer translates the same codes into the analyst's language. A header line
that is really a student's record never travels in a message, so "columns found" is a count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alianza.core.untrusted import TEMPLATES as FILE_LIMIT_ERRORS

LAYOUT_NAMES = {"alianza": "Alianza student", "elpac": "ELPAC Student Score Data"}

ERRORS = {
    "empty": "The file is empty or has no header line.",
    "spreadsheet": (
        "The file is a {format} spreadsheet, not a text file. Save it as CSV "
        "(comma-separated values) and use that file."
    ),
    "binary": "The file is not a text file. Save it as CSV (comma-separated values).",
    "malformed": (
        "The file could not be read as a table: its lines do not split into columns "
        "consistently. Check that it is a CSV file with one header line."
    ),
    "too_large": "The file has more than {limit} lines; split it into smaller files.",
    "missing_columns": (
        "The file is not in the {layout} layout: missing column(s) {missing}. Its first line "
        "has {found} column(s)."
    ),
    "needs_us_entry": (
        "The file needs either a us_entry_date column or a us_years column (first US school "
        "entry date, or completed years in US schools)."
    ),
    "bad_record": (
        "The record column must be 'year' or 'seal'; {count} row(s) have another value "
        "(the first on line {line})."
    ),
    "missing_values": "{count} row(s) have no readable {column} (the first on line {line}).",
    "duplicates": (
        "{count} rows repeat a student and school year. Each student needs one row per school "
        "year."
    ),
    "seal_language": "Every 'seal' row needs a seal_language.",
    "no_school_year": (
        "The school year could not be found (no year like 2022-23 in the file name and no test "
        "completion dates); give it explicitly."
    ),
    "no_rows": "The file has no rows with a school year.",
    "unknown_layout": "Unknown layout; use 'alianza' or 'elpac'.",
    "no_input": "No input files were given.",
    # The shared limits on files from outside ("file.too_many_columns", …).
    **FILE_LIMIT_ERRORS,
}

WARNINGS = {
    "unreadable_values": (
        "{count} value(s) in column {column} could not be read and were left blank (the first "
        "on line {line})."
    ),
    "impossible_values": (
        "{count} value(s) in column {column} are outside the possible range ({allowed}) and "
        "were left blank (the first on line {line})."
    ),
    "future_dates": (
        "{count} date(s) in column {column} are in the future and were left blank (the first "
        "on line {line})."
    ),
    "not_codes": (
        "{count} value(s) in column {column} are not codes of the expected form and were "
        "counted as 'other' (the first on line {line})."
    ),
    "scale_out_of_range": (
        "{count} ELPAC scale score(s) are outside the range for the student's grade (or the "
        "grade has no ELPAC range); no level was derived."
    ),
    "level_mismatch": (
        "{count} row(s) give an ELPAC level that does not match the scale score; the level "
        "given in the file was kept."
    ),
    "status_blank": (
        "{count} row(s) have no ELStatus; taken as EL because only English learners take the "
        "Summative ELPAC."
    ),
}


def _render(templates: dict[str, str], code: str, params: dict[str, object]) -> str:
    template = templates.get(code)
    if template is None:
        return code
    values = dict(params)
    if "layout" in values:
        values["layout"] = LAYOUT_NAMES.get(str(values["layout"]), values["layout"])
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return code


class LayoutError(ValueError):
    """A student file refused: ``code`` and ``params`` say why without quoting the file.

    ``source`` is the file's name, for the command line to say which input it was; it is not
    a parameter, so nothing stores it with the error.
    """

    def __init__(self, code: str, *, source: str = "", **params: object):
        self.code = code
        self.params = params
        self.source = source
        super().__init__(_render(ERRORS, code, params))


@dataclass(frozen=True)
class ReadWarning:
    """Something a reader changed or ignored in a file, as a code with harmless counts."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return _render(WARNINGS, self.code, self.params)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params)}
