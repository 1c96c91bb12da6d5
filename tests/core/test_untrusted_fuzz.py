"""Hypothesis-generated files: no reader of untrusted files fails with anything but its own
clear refusal, whatever bytes, text or workbook structure it is given."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alianza.coalition.imports import readers
from alianza.core import untrusted
from alianza.evidence import cde
from alianza.evidence.rules.parsing import LayoutError
from alianza.evidence.rules.readers import read_elpac, read_students
from tests.core import hostile_samples as samples

# ALIANZA_FUZZ_EXAMPLES=1000 for a longer hunt; 40 keeps the suite fast.
FUZZ = settings(
    max_examples=int(os.environ.get("ALIANZA_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Small enough that both the calamine and the streaming paths run in every few examples.
SMALL_FAST = untrusted.DEFAULT_LIMITS.but(max_fast_cells=5_000, max_rows=5_000)


def _write(content: bytes, suffix: str) -> Path:
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        handle.write(content)
    return Path(handle.name)


def _every_reader_refuses_clearly(path: Path) -> None:
    """Each reader either reads the file or raises its own refusal; nothing else escapes."""
    try:
        try:
            info = readers.inspect_file(
                path, original_name=path.name, max_columns=100, max_rows=10_000
            )
            for _row in readers.iter_rows(
                path, file_format=info.file_format, encoding=info.encoding,
                delimiter=info.delimiter,
            ):
                pass
        except readers.ImportFileError as error:
            assert error.message
        try:
            cde.load(path)
        except cde.CdeFileError as error:
            assert error.message
        for read in (lambda: read_students([path]), lambda: read_elpac(path, school_year=2024)):
            try:
                read()
            except LayoutError as error:
                assert str(error)
    finally:
        path.unlink(missing_ok=True)


@FUZZ
@given(content=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_arbitrary_bytes_are_read_or_refused_clearly(content, suffix):
    _every_reader_refuses_clearly(_write(content, suffix))


_TEXT = st.lists(
    st.sampled_from(list("ab1é,;\t^|\"'\n\r \x00ñ€") + ["SSID", "student_id", "Email"]),
    max_size=300,
).map("".join)


@FUZZ
@given(
    text=_TEXT,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_delimited_text_in_any_encoding_is_read_or_refused_clearly(text, encoding, suffix):
    content = text.encode(encoding, errors="replace")
    _every_reader_refuses_clearly(_write(content, suffix))


_COLUMNS = st.sampled_from([0, 1, 2, 25, 26, 701, 702, 16_383])
_ROWS = st.sampled_from([1, 2, 3, 10, 1_000, 1_048_576])


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@st.composite
def _cells(draw) -> tuple[int, str]:
    column, row = draw(_COLUMNS), draw(_ROWS)
    kind = draw(st.sampled_from(["s", "inlineStr", "n", "b", "e", "str", "none", "noref"]))
    text = draw(st.text(alphabet="a1.-E<&é", max_size=12)).replace("&", "&amp;").replace(
        "<", "&lt;"
    )
    reference = "" if kind == "noref" else f' r="{_letters(column)}{row}"'
    if kind == "inlineStr":
        depth = draw(st.integers(0, 80))
        inner = "<r>" * depth + f"<t>{text}</t>" + "</r>" * depth
        return row, f'<row r="{row}"><c{reference} t="inlineStr"><is>{inner}</is></c></row>'
    if kind == "none":
        return row, f'<row r="{row}"><c{reference} s="1"/></row>'
    if kind == "s":
        value = str(draw(st.integers(0, 5)))
    elif kind in ("n", "noref"):
        # Real number cells hold numbers (readers differ on what a broken one means).
        value = str(draw(st.integers(-(10**9), 10**9) | st.floats(-1e9, 1e9, width=32)))
    elif kind == "b":
        value = draw(st.sampled_from(["0", "1"]))
    else:
        value = text
    kind_attribute = "" if kind in ("n", "noref") else f' t="{kind}"'
    return row, f'<row r="{row}"><c{reference}{kind_attribute}><v>{value}</v></c></row>'


@FUZZ
@given(
    # One cell per row, rows in order: as every spreadsheet program writes them.
    cells=st.lists(_cells(), max_size=12, unique_by=lambda cell: cell[0]),
    dimension=st.sampled_from(["A1", "A1:B2", "A1:XFD1048576", "ZZZZ9999999", ""]),
    doctype=st.booleans(),
    shared=st.lists(st.text(alphabet="abc ñ", max_size=5), max_size=3),
)
def test_generated_workbooks_are_read_or_refused_with_a_coded_error(
    cells, dimension, doctype, shared
):
    prolog = samples.BILLION_LAUGHS_DTD if doctype else ""
    strings = "".join(f"<si><t>{text}</t></si>" for text in shared)
    extra = {"xl/sharedStrings.xml": f'<sst xmlns="{samples.MAIN}">{strings}</sst>'}
    content = samples.workbook_bytes(
        samples.sheet_xml("".join(xml for _row, xml in sorted(cells)), dimension=dimension,
                          prolog=prolog),
        extra=extra,
    )
    path = _write(content, ".xlsx")
    try:
        read = []
        for limits in (SMALL_FAST, SMALL_FAST.but(max_fast_cells=0)):
            try:
                rows = list(untrusted.iter_xlsx_rows(path, limits=limits))
            except untrusted.UntrustedFileError as error:
                assert error.code in untrusted.TEMPLATES
                if doctype:
                    assert error.code == "file.xml_doctype"
            else:
                assert not doctype
                assert all(len(values) <= limits.max_columns for _n, values in rows)
                read.append(rows)
        if len(read) == 2:  # calamine and the streaming parser agree (readers strip text)
            assert _stripped(read[0]) == _stripped(read[1])
        try:
            cde.load(path)
        except cde.CdeFileError as error:
            assert error.message
    finally:
        path.unlink(missing_ok=True)


def _stripped(rows: list) -> list:
    def clean(value):
        return (value.strip() or None) if isinstance(value, str) else value

    cleaned = [(number, [clean(value) for value in values]) for number, values in rows]
    return [(number, values) for number, values in cleaned if any(v is not None for v in values)]


@pytest.fixture(scope="module")
def good_workbook() -> bytes:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>P{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>p{n}@example.org</t></is></c></row>'
        for n in range(3, 40)
    )
    return samples.workbook_bytes(samples.sheet_xml(samples.HEADER + rows))


@FUZZ
@given(data=st.data())
def test_truncated_and_corrupted_workbooks_are_refused_clearly(good_workbook, data):
    content = bytearray(good_workbook)
    if data.draw(st.booleans(), label="truncate"):
        content = content[: data.draw(st.integers(0, len(content)), label="cut")]
    for _ in range(data.draw(st.integers(0, 8), label="flips")):
        if content:
            position = data.draw(st.integers(0, len(content) - 1), label="position")
            content[position] = data.draw(st.integers(0, 255), label="byte")
    path = _write(bytes(content), ".xlsx")
    try:
        try:
            list(untrusted.iter_xlsx_rows(path, limits=SMALL_FAST))
        except untrusted.UntrustedFileError as error:
            assert error.code in untrusted.TEMPLATES
        except zipfile.BadZipFile:  # pragma: no cover - must never escape
            pytest.fail("BadZipFile escaped the reader")
    finally:
        path.unlink(missing_ok=True)
    _every_reader_refuses_clearly(_write(bytes(content), ".xlsx"))
