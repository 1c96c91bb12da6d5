"""What a file from outside may contain, and the error that refuses one that goes beyond.

Part of :mod:`alianza.core.untrusted`: the limits, the magic numbers files are told apart by
(never their names), and ``UntrustedFileError`` with its stable codes and English texts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

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
    "image.not_image": (
        "The file is not an image that can be used: upload a PNG, JPEG, GIF or WebP picture."
    ),
    "image.too_big": "The image is {size} MB; at most {limit} MB are accepted.",
    "image.too_many_pixels": (
        "The image is {width} × {height} pixels, far larger than an email needs. Make it "
        "smaller and try again."
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

