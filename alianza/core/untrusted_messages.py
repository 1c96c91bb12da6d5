"""The messages of ``alianza.core.untrusted`` in the reader's language.

The reading module stays free of Django; this one holds the same texts marked for
translation, so every web page and task that reads an upload says why in the user's language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alianza.core.untrusted import TEMPLATES, UntrustedFileError

MESSAGES = {
    "file.empty": _("The file is empty."),
    "file.not_workbook": _(
        "The file could not be opened as an Excel workbook. Save it again as .xlsx or CSV."
    ),
    "file.old_excel": _(
        "This is an old Excel (.xls) or password-protected workbook. Save it as .xlsx without "
        "a password, or as CSV."
    ),
    "file.encrypted": _("The workbook is encrypted. Save it without a password and try again."),
    "file.too_many_entries": _(
        "The workbook is made of {count} parts; at most {limit} are accepted."
    ),
    "file.too_big_uncompressed": _(
        "The workbook would take {size} MB once uncompressed; at most {limit} MB are accepted."
    ),
    "file.compression_ratio": _(
        "The workbook is compressed far more than real spreadsheets are ({ratio} to 1); it "
        "was refused as a possible zip bomb."
    ),
    "file.xml_doctype": _(
        "The workbook contains XML declarations (DOCTYPE or ENTITY) that spreadsheets never "
        "use; it was refused for safety."
    ),
    "file.xml_depth": _("The workbook's XML is nested more than {limit} levels deep."),
    "file.xml_broken": _("The workbook is damaged: its {part} part could not be read."),
    "file.too_many_rows": _("The file has more than {limit} rows. Split it into smaller files."),
    "file.too_many_columns": _(
        "The file has a value in column {count}; at most {limit} columns are accepted."
    ),
    "file.too_many_sheets": _("The workbook has {count} sheets; at most {limit} are accepted."),
    "file.cell_too_long": _(
        "A cell holds more than {limit} characters, which is more than a spreadsheet cell can."
    ),
    "file.line_too_long": _(
        "Line {line} is longer than {limit} characters; this does not look like a table."
    ),
    "file.not_text": _(
        "The file holds binary data, such as a workbook or an image, not delimited text."
    ),
    "file.csv_broken": _(
        "The file could not be read as CSV near line {line}. Check for a quotation mark that "
        "is not closed, or save the file again as CSV."
    ),
    "file.too_many_strings": _(
        "The workbook holds more than {limit} different texts; split it into smaller files."
    ),
    "image.not_image": _(
        "The file is not an image that can be used: upload a PNG, JPEG, GIF or WebP picture."
    ),
    "image.too_big": _("The image is {size} MB; at most {limit} MB are accepted."),
    "image.too_many_pixels": _(
        "The image is {width} × {height} pixels, far larger than an email needs. Make it "
        "smaller and try again."
    ),
}
assert set(MESSAGES) == set(TEMPLATES), "every code needs a translatable message"


def untrusted_message(error: UntrustedFileError) -> str:
    """The error's message in the active language."""
    template = MESSAGES.get(error.code)
    if template is None:
        return str(error)
    return str(template).format(**error.params)
