"""Hand-crafted hostile files, shared by the fuzz tests and ``bench/hostile_files.py``.

Each sample is ``(name, file name, bytes)``; the file name's extension is part of the attack
(a CSV named .xlsx, a workbook named .csv). Building them all takes well under a second.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Email</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Ana</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>ana@example.org</t></is></c></row>'
)


def sheet_xml(rows: str, *, dimension: str = "A1:B2", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def workbook_bytes(
    sheet: str | bytes | Callable[[zipfile.ZipFile], None],
    *,
    extra: dict[str, str | bytes] | None = None,
    level: int = 6,
) -> bytes:
    """A minimal XLSX whose first sheet is ``sheet`` (or written by ``sheet(archive)``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if callable(sheet):
            sheet(archive)
        else:
            archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _streamed_entry(name: str, piece: bytes, size: int) -> Callable[[zipfile.ZipFile], None]:
    """Write an entry of ``size`` bytes without holding it in memory."""

    def write(archive: zipfile.ZipFile) -> None:
        with archive.open(name, "w", force_zip64=True) as entry:
            prefix = sheet_xml(HEADER).split("</sheetData>")[0].encode()
            entry.write(prefix)
            block = piece * (1024 * 1024 // len(piece))
            written = len(prefix)
            while written < size:
                entry.write(block)
                written += len(block)
            entry.write(b"</sheetData></worksheet>")

    return write


def declared_xfd() -> bytes:
    """The 4.9 KB attack: one value at XFD1048576, with dimensions that say so."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook_bytes(sheet_xml(HEADER + far, dimension="A1:XFD1048576"))


def declared_xfd_empty() -> bytes:
    """Declared dimensions and a styled but empty far cell: reads as the two real rows."""
    far = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    return workbook_bytes(sheet_xml(HEADER + far, dimension="A1:XFD1048576"))


def sparse_far_rows() -> bytes:
    """Rows numbered up to a million with nothing between them: no padding may be built."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>P{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>p{n}@example.org</t></is></c></row>'
        for n in range(3, 1_048_577, 104_857)
    )
    return workbook_bytes(sheet_xml(HEADER + rows, dimension="A1:XFD1048576"))


def ratio_bomb() -> bytes:
    """A 64 MB worksheet of blank rows in a ~64 KB zip (1000 to 1)."""
    return workbook_bytes(
        _streamed_entry("xl/worksheets/sheet1.xml", b"<row/>", 64 * 2**20), level=1
    )


def total_size_bomb() -> bytes:
    """Forty 15 MB parts (each under the ratio check's floor) adding up to 600 MB."""

    def write(archive: zipfile.ZipFile) -> None:
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(HEADER))
        block = b" " * (15 * 2**20)
        for number in range(40):
            archive.writestr(f"xl/media/padding{number}.bin", block)

    return workbook_bytes(write, level=1)


def many_entries() -> bytes:
    def write(archive: zipfile.ZipFile) -> None:
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(HEADER))
        for number in range(12_000):
            archive.writestr(f"xl/media/{number}.bin", b"")

    return workbook_bytes(write)


BILLION_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def billion_laughs() -> bytes:
    rows = '<row r="3"><c r="A3" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return workbook_bytes(sheet_xml(HEADER + rows, prolog=BILLION_LAUGHS_DTD))


def billion_laughs_late() -> bytes:
    """The DOCTYPE pushed past the first 64 KB by a comment: found while parsing instead."""
    prolog = "<!--" + "x" * 70_000 + "-->" + BILLION_LAUGHS_DTD
    rows = '<row r="3"><c r="A3" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return workbook_bytes(sheet_xml(HEADER + rows, prolog=prolog))


def external_entity() -> bytes:
    prolog = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    rows = '<row r="3"><c r="A3" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    return workbook_bytes(sheet_xml(HEADER + rows, prolog=prolog))


def external_entity_in_shared_strings() -> bytes:
    shared = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<sst xmlns="{MAIN}"><si><t>&secret;</t></si></sst>'
    )
    rows = '<row r="3"><c r="A3" t="s"><v>0</v></c></row>'
    return workbook_bytes(sheet_xml(HEADER + rows), extra={"xl/sharedStrings.xml": shared})


def deep_nesting() -> bytes:
    depth = 200_000
    cell = '<c r="A3" t="inlineStr"><is>' + "<r>" * depth + "</r>" * depth + "</is></c>"
    return workbook_bytes(sheet_xml(HEADER + f'<row r="3">{cell}</row>'))


def long_cell() -> bytes:
    text = "A" * 40_000
    rows = f'<row r="3"><c r="A3" t="inlineStr"><is><t>{text}</t></is></c></row>'
    return workbook_bytes(sheet_xml(HEADER + rows))


def truncated_workbook() -> bytes:
    whole = workbook_bytes(sheet_xml(HEADER))
    return whole[: len(whole) * 2 // 3]


def wide_csv_line() -> bytes:
    """A ten-million-column line (20 MB)."""
    return b"Name,Email\n" + b"a," * 10_000_000 + b"a\n"


def wide_csv_header() -> bytes:
    return b"a," * 10_000_000 + b"a\nAna,ana@example.org\n"


def quadratic_header() -> bytes:
    """516 KB of repeated column names, the shape that took 35 s before."""
    return b",".join([b"Name"] * 103_000) + b"\nAna\n"


def unclosed_quote() -> bytes:
    return b'Name,Email\n"Ana,ana@example.org\n' + b"x" * 2_000_000 + b"\n"


def nul_bytes() -> bytes:
    return b"Name,Email\n" + b"\x00" * 10_000 + b"\n"


def invalid_encoding() -> bytes:
    return b"Name,Email\n" + bytes(range(128, 256)) * 200 + b",\xff\xfe@\x81\n"


def gzip_bomb_csv() -> bytes:
    """A CSV compressed with gzip (64 MB inside): polars would inflate it unasked."""
    import gzip

    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=1) as archive:
        archive.write(b"SSID,student_id,Name,Email\n")
        block = b"1,1,a,a@example.org\n" * 50_000
        for _ in range(64 * 2**20 // len(block)):
            archive.write(block)
    return buffer.getvalue()


def csv_named_xlsx() -> bytes:
    return b"Name,Email\nAna,ana@example.org\n"


def old_excel() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096


SAMPLES: list[tuple[str, str, Callable[[], bytes]]] = [
    ("declared XFD1048576 cell (4.9 KB)", "contacts.xlsx", declared_xfd),
    ("declared dimensions, empty far cell", "contacts.xlsx", declared_xfd_empty),
    ("sparse rows up to 1,048,576", "contacts.xlsx", sparse_far_rows),
    ("zip bomb: 1000:1 ratio", "contacts.xlsx", ratio_bomb),
    ("zip bomb: 600 MB in 40 parts", "contacts.xlsx", total_size_bomb),
    ("12,000 zip entries", "contacts.xlsx", many_entries),
    ("billion laughs", "contacts.xlsx", billion_laughs),
    ("billion laughs after 64 KB", "contacts.xlsx", billion_laughs_late),
    ("external entity", "contacts.xlsx", external_entity),
    ("external entity in shared strings", "contacts.xlsx", external_entity_in_shared_strings),
    ("200,000-deep XML", "contacts.xlsx", deep_nesting),
    ("40,000-character cell", "contacts.xlsx", long_cell),
    ("truncated zip", "contacts.xlsx", truncated_workbook),
    ("workbook named .csv", "contacts.csv", truncated_workbook),
    ("10,000,000-column line", "contacts.csv", wide_csv_line),
    ("10,000,000-column header", "contacts.csv", wide_csv_header),
    ("516 KB of repeated column names", "contacts.csv", quadratic_header),
    ("unclosed quote over 2 MB", "contacts.csv", unclosed_quote),
    ("NUL bytes", "contacts.csv", nul_bytes),
    ("gzip-compressed CSV, 64 MB inside", "students.csv", gzip_bomb_csv),
    ("invalid encoding", "contacts.csv", invalid_encoding),
    ("CSV named .xlsx", "contacts.xlsx", csv_named_xlsx),
    ("old .xls / encrypted", "contacts.xlsx", old_excel),
]
