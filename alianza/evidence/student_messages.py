"""What the staff pages say about a student file, in the analyst's language.

The rules engine refuses and warns with codes (:mod:`alianza.evidence.rules.errors`); the
English text here repeats its templates word for word (a test checks that), marked for
translation. The worker adds codes of its own (a lost worker, a discarded run, a file kept
too long). Parameters are counts, line numbers and the layout's column names: nothing here
can quote a student.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alianza.core.untrusted_messages import MESSAGES as FILE_LIMITS

LAYOUTS = {"alianza": _("Alianza student"), "elpac": _("ELPAC Student Score Data")}

ERRORS = {
    "empty": _("The file is empty or has no header line."),
    "spreadsheet": _(
        "The file is a {format} spreadsheet, not a text file. Save it as CSV "
        "(comma-separated values) and use that file."
    ),
    "binary": _("The file is not a text file. Save it as CSV (comma-separated values)."),
    "malformed": _(
        "The file could not be read as a table: its lines do not split into columns "
        "consistently. Check that it is a CSV file with one header line."
    ),
    "too_large": _("The file has more than {limit} lines; split it into smaller files."),
    "missing_columns": _(
        "The file is not in the {layout} layout: missing column(s) {missing}. Its first line "
        "has {found} column(s)."
    ),
    "needs_us_entry": _(
        "The file needs either a us_entry_date column or a us_years column (first US school "
        "entry date, or completed years in US schools)."
    ),
    "bad_record": _(
        "The record column must be 'year' or 'seal'; {count} row(s) have another value "
        "(the first on line {line})."
    ),
    "missing_values": _("{count} row(s) have no readable {column} (the first on line {line})."),
    "duplicates": _(
        "{count} rows repeat a student and school year. Each student needs one row per school "
        "year."
    ),
    "seal_language": _("Every 'seal' row needs a seal_language."),
    "no_school_year": _(
        "The school year could not be found (no year like 2022-23 in the file name and no test "
        "completion dates); give it explicitly."
    ),
    "no_rows": _("The file has no rows with a school year."),
    "unknown_layout": _("Unknown layout; use 'alianza' or 'elpac'."),
    "no_input": _("No input files were given."),
}

WARNINGS = {
    "unreadable_values": _(
        "{count} value(s) in column {column} could not be read and were left blank (the first "
        "on line {line})."
    ),
    "impossible_values": _(
        "{count} value(s) in column {column} are outside the possible range ({allowed}) and "
        "were left blank (the first on line {line})."
    ),
    "future_dates": _(
        "{count} date(s) in column {column} are in the future and were left blank (the first "
        "on line {line})."
    ),
    "not_codes": _(
        "{count} value(s) in column {column} are not codes of the expected form and were "
        "counted as 'other' (the first on line {line})."
    ),
    "scale_out_of_range": _(
        "{count} ELPAC scale score(s) are outside the range for the student's grade (or the "
        "grade has no ELPAC range); no level was derived."
    ),
    "level_mismatch": _(
        "{count} row(s) give an ELPAC level that does not match the scale score; the level "
        "given in the file was kept."
    ),
    "status_blank": _(
        "{count} row(s) have no ELStatus; taken as EL because only English learners take the "
        "Summative ELPAC."
    ),
}

# The worker's own reasons, for runs and data uploads alike.
OUTCOMES = {
    "file_missing": _("The uploaded file is no longer there. Upload it again."),
    "worker_lost": _(
        "The background worker stopped while processing the file, again after every retry."
    ),
    "too_old": _(
        "The file waited longer than student files may be kept, so it was deleted unprocessed. "
        "Upload it again."
    ),
    "discarded": _("Discarded by staff before it finished."),
    "internal": _("An unexpected error stopped the run after several attempts."),
    "failed": _("The run failed."),
}


def _render(template, params: dict) -> str:
    values = dict(params)
    if "layout" in values:
        values["layout"] = str(LAYOUTS.get(str(values["layout"]), values["layout"]))
    try:
        return str(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return gettext("The file could not be processed.")


def failure_message(code: str, params: dict | None = None) -> str:
    """Why a run or upload failed, in the active language."""
    template = ERRORS.get(code) or OUTCOMES.get(code) or FILE_LIMITS.get(code)
    if template is None:
        return gettext("The file could not be processed.")
    return _render(template, params or {})


def warning_messages(warnings: list) -> list[str]:
    """A run's stored warnings in the active language (older text warnings are dropped)."""
    messages = []
    for warning in warnings:
        if isinstance(warning, dict) and warning.get("code") in WARNINGS:
            messages.append(_render(WARNINGS[warning["code"]], warning.get("params") or {}))
    return messages
