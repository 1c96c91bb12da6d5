"""Hostile files are refused with a clear message, within a stated memory and time budget.

Every reader of files from outside runs, in a process of its own with its address space
capped, over hand-crafted attacks: zip bombs, a declared XFD1048576, entities, deep XML,
ten-million-column lines, NUL bytes, truncated zips, wrong extensions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from alianza.coalition.imports import readers
from alianza.coalition.models import ContactImport
from alianza.core import untrusted
from alianza.core.untrusted_messages import untrusted_message
from alianza.evidence.cde.columns import resolve
from alianza.evidence.cde.upc import UPC
from tests.core import hostile_samples as samples

ROOT = Path(__file__).resolve().parents[2]
# What a reader may add to the memory of the loaded application while refusing a file.
MEMORY_BUDGET_MB = 512
ADDRESS_SPACE_MB = 6144  # the hard cap: an allocation sized from declarations fails here
SECONDS_PER_FILE = 15  # generous on a shared two-core machine; most take milliseconds


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for index, (_label, name, make) in enumerate(samples.SAMPLES):
        (folder / f"{index:02d}-{name}").write_bytes(make())
    return folder


def _run_reader(reader: str, folder: Path) -> tuple[dict, list[dict]]:
    env = {**os.environ, "ALIANZA_HOSTILE_AS_MB": str(ADDRESS_SPACE_MB)}
    result = subprocess.run(
        [sys.executable, "-m", "tests.core.hostile_runner", reader,
         *sorted(str(path) for path in folder.iterdir())],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"{reader} died: {result.stderr[-2000:]}"
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return lines[0], lines[1:]


@pytest.mark.parametrize("reader", ["contacts", "cde", "students", "elpac"])
def test_no_hostile_file_crashes_a_reader_or_exceeds_its_memory_budget(reader, hostile_dir):
    baseline, results = _run_reader(reader, hostile_dir)

    assert len(results) == len(samples.SAMPLES)
    crashes = [r for r in results if r["outcome"] == "crash"]
    assert not crashes, crashes
    for result in results:
        assert result["seconds"] < SECONDS_PER_FILE, result
        if result["outcome"] == "refused":
            assert result["message"], result
    peak = max(result["peak_mb"] for result in results)
    assert peak - baseline["baseline_mb"] < MEMORY_BUDGET_MB, (baseline, results)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (samples.declared_xfd, "file.too_many_columns"),
        (samples.ratio_bomb, "file.compression_ratio"),
        (samples.total_size_bomb, "file.too_big_uncompressed"),
        (samples.many_entries, "file.too_many_entries"),
        (samples.billion_laughs, "file.xml_doctype"),
        (samples.billion_laughs_late, "file.xml_doctype"),
        (samples.external_entity, "file.xml_doctype"),
        (samples.external_entity_in_shared_strings, "file.xml_doctype"),
        (samples.long_cell, "file.cell_too_long"),
        (samples.truncated_workbook, "file.not_workbook"),
        (samples.old_excel, "file.old_excel"),
    ],
)
def test_hostile_workbooks_are_refused_with_a_coded_error(make, code, tmp_path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(make())

    with pytest.raises(untrusted.UntrustedFileError) as caught:
        for _row in untrusted.iter_xlsx_rows(path):
            pass
    assert caught.value.code == code


def test_deep_xml_is_refused_when_the_sheet_is_streamed(tmp_path):
    path = tmp_path / "deep.xlsx"
    path.write_bytes(samples.deep_nesting())
    streamed = untrusted.DEFAULT_LIMITS.but(max_fast_cells=0)

    with pytest.raises(untrusted.UntrustedFileError) as caught:
        list(untrusted.iter_xlsx_rows(path, limits=streamed))
    assert caught.value.code == "file.xml_depth"


@pytest.mark.parametrize("fast_cells", [0, 4_000_000], ids=["streamed", "calamine"])
def test_declared_dimensions_and_empty_far_cells_cost_nothing(tmp_path, fast_cells):
    path = tmp_path / "declared.xlsx"
    path.write_bytes(samples.declared_xfd_empty())
    limits = untrusted.DEFAULT_LIMITS.but(max_fast_cells=fast_cells)

    started = time.perf_counter()
    rows = list(untrusted.iter_xlsx_rows(path, limits=limits))

    assert rows == [(1, ["Name", "Email"]), (2, ["Ana", "ana@example.org"])]
    assert time.perf_counter() - started < 2


def test_rows_far_apart_are_read_without_building_the_rows_between(tmp_path):
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(samples.sparse_far_rows())
    streamed = untrusted.DEFAULT_LIMITS.but(max_fast_cells=0)

    rows = list(untrusted.iter_xlsx_rows(path, limits=streamed))

    assert len(rows) == 13
    assert rows[-1] == (1_048_573, ["P1048573", "p1048573@example.org"])


def test_the_streamed_and_calamine_readers_give_the_same_values(tmp_path):
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Joined", "Active", "Phone", "Score"])
    sheet.append(["Ana", datetime.date(2024, 5, 1), True, 4155550100, 2.5])
    sheet.append([None] * 5)
    sheet.append(["Kim", datetime.datetime(2024, 5, 1, 13, 30), False, 12, None])
    path = tmp_path / "types.xlsx"
    workbook.save(path)

    fast = list(untrusted.iter_xlsx_rows(path))
    streamed = list(
        untrusted.iter_xlsx_rows(path, limits=untrusted.DEFAULT_LIMITS.but(max_fast_cells=0))
    )

    assert fast == streamed
    assert [number for number, _values in fast] == [1, 2, 4]


def test_a_ten_million_column_line_is_refused_before_it_is_split(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(samples.wide_csv_line())

    started = time.perf_counter()
    with pytest.raises(untrusted.UntrustedFileError) as caught:
        list(untrusted.iter_csv_rows(path, encoding="utf-8"))
    assert caught.value.code == "file.line_too_long"
    assert time.perf_counter() - started < 2


def test_csv_rows_beyond_the_limit_are_refused(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Name\n" + "x\n" * 50)

    with pytest.raises(untrusted.UntrustedFileError) as caught:
        list(untrusted.iter_csv_rows(
            path, encoding="utf-8", limits=untrusted.DEFAULT_LIMITS.but(max_rows=10)))
    assert caught.value.code == "file.too_many_rows"


def test_refusals_are_translated():
    error = untrusted.UntrustedFileError("file.too_many_rows", limit=10)

    with translation.override("es"):
        assert untrusted_message(error) == (
            "El archivo tiene más de 10 filas. Divídalo en archivos más pequeños."
        )
    with translation.override("en"):
        assert untrusted_message(error) == error.message


# Header handling must be linear -------------------------------------------------------------


def test_thousands_of_repeated_cde_headers_are_named_in_linear_time():
    headers = ["Extra"] * 20_000

    started = time.perf_counter()
    resolution = resolve(headers, UPC)

    assert time.perf_counter() - started < 1
    assert len(set(resolution.names)) == 20_000
    assert resolution.names[:3] == ["extra", "extra_extra", "extra_extra2"]
    assert max(len(name) for name in resolution.names) < 30


def test_contact_import_column_names_are_numbered_in_linear_time():
    cells = ["Name"] * 100_000

    started = time.perf_counter()
    names = readers._header_names(cells)

    assert time.perf_counter() - started < 1
    assert len(set(names)) == 100_000


def test_a_half_megabyte_header_is_refused_at_once(tmp_path):
    path = tmp_path / "header.csv"
    path.write_bytes(samples.quadratic_header())

    started = time.perf_counter()
    with pytest.raises(readers.ImportFileError):
        readers.inspect_file(path, original_name="header.csv", max_columns=100, max_rows=1000)
    assert time.perf_counter() - started < 2


def test_an_overlong_column_name_is_refused(tmp_path):
    path = tmp_path / "name.csv"
    path.write_text("Name," + "E" * 300 + "\nAna,ana@example.org\n")

    with pytest.raises(readers.ImportFileError) as caught:
        readers.inspect_file(path, original_name="name.csv", max_columns=100, max_rows=1000)
    assert "200" in caught.value.message


# Through the web --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_crafted_workbook_is_refused_on_upload_with_a_message_in_spanish(staff_client):
    content = samples.declared_xfd()
    assert len(content) < 5_000

    with translation.override("es"):
        url = reverse("coalition-imports")
    response = staff_client.post(
        url, {"kind": "people", "file": SimpleUploadedFile("contactos.xlsx", content)}
    )

    assert response.status_code == 400
    assert "columna 16384" in response.content.decode()
    assert not ContactImport.objects.exists()


@pytest.mark.django_db
def test_a_zip_bomb_upload_leaves_no_file_behind(staff_client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    response = staff_client.post(
        reverse("coalition-imports"),
        {"kind": "people", "file": SimpleUploadedFile("bomb.xlsx", samples.ratio_bomb())},
    )

    assert response.status_code == 400
    assert "zip bomb" in response.content.decode()
    assert not list((tmp_path / "imports").iterdir())



def test_a_workbook_is_counted_by_scanning_not_reading_its_cells(tmp_path):
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(samples.sparse_far_rows())

    assert untrusted.count_xlsx_rows(path) == 13
    with pytest.raises(untrusted.UntrustedFileError) as caught:
        untrusted.count_xlsx_rows(path, limits=untrusted.DEFAULT_LIMITS.but(max_rows=5))
    assert caught.value.code == "file.too_many_rows"
