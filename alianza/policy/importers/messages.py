"""What the bill import and the identifier parser refuse, in the reader's language.

The readers (alianza/policy/identifiers.py, importers/bill_records.py) stay free of
translations and raise errors with a ``code`` and ``params``; this module holds the words.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alianza.policy.identifiers import PREFIXES, IdentifierError

IDENTIFIER_TEMPLATES = {
    "identifier.empty": _("Enter a bill identifier, such as AB 1947."),
    "identifier.malformed": _(
        "“{value}” is not a bill identifier. Write it like AB 1947 or SB 2."),
    "identifier.unknown_kind": _(
        "“{prefix}” is not a kind of bill the California Legislature has. Use one of: "
        "{kinds}."),
    "session.malformed": _(
        "“{value}” is not a legislative session. Write it like 2023-24 or 2023-2024."),
}

TEMPLATES = {
    "file.unreadable": _("The file could not be read ({reason})."),
    "file.too_large": _("The file is {size} MB; bill files are read up to {limit} MB."),
    "file.malformed": _(
        "The file is not valid JSON (line {line}, column {column}); nothing in it was "
        "imported."),
    "file.not_bills": _(
        "The file is JSON but not Open States bills: expected a bill, a list of bills or a "
        "page of results; nothing in it was imported."),
    "file.other_jurisdiction": _(
        "The file is for {jurisdiction}, not this coalition's legislature; nothing in it "
        "was imported."),
    "record.not_object": _("The record is not a bill object; it was skipped."),
    "record.other_jurisdiction": _(
        "The bill belongs to {jurisdiction}, not this coalition's legislature; it was "
        "skipped."),
    "record.no_identifier": _("The record has no bill identifier; it was skipped."),
    "record.no_session": _("{identifier} has no legislative session; it was skipped."),
    "record.bad_field": _(
        "{identifier}: the field “{field}” does not have the expected form; the bill was "
        "skipped."),
    "record.bad_date": _(
        "{identifier}: “{value}” in “{field}” is not a date; the bill was skipped."),
    "record.duplicate": _(
        "{identifier} appears a second time in the file (first at record {first}); the "
        "repeat was skipped."),
    "record.id_taken": _(
        "{identifier} has the Open States id of {other}, already here; it was skipped. "
        "Check whether the feed renumbered the bill."),
    "record.not_saved": _(
        "{identifier} could not be saved; nothing of it was changed."),
    "event.no_id": _("The event “{name}” has no id; it was skipped."),
    "event.bad_date": _(
        "The event “{name}” has “{value}” as its start, which is not a date; it was "
        "skipped."),
}


def identifier_error_message(error: IdentifierError) -> str:
    """The parser's refusal in the active language, for forms and imports alike."""
    return _render(IDENTIFIER_TEMPLATES.get(error.code), error.params)


def problem_message(problem: Any) -> str:
    """One import problem as a sentence: the file, the record's position, what was wrong."""
    code = problem.code
    if code.startswith("record.identifier.") or code.startswith("record.session."):
        text = _render(IDENTIFIER_TEMPLATES.get(code.removeprefix("record.")),
                       problem.params)
        text = gettext("%(reason)s The bill was skipped.") % {"reason": text}
    else:
        text = _render(TEMPLATES.get(code), problem.params)
    if problem.position:
        return gettext("%(file)s, record %(position)s: %(message)s") % {
            "file": problem.file, "position": problem.position, "message": text}
    return gettext("%(file)s: %(message)s") % {"file": problem.file, "message": text}


def _render(template: Any, params: dict[str, str]) -> str:
    if template is None:
        return gettext("The record could not be imported.")
    values = {"kinds": ", ".join(PREFIXES), "value": "", "prefix": "", **params}
    try:
        return str(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return gettext("The record could not be imported.")
