"""Memory and time ceilings of every reader of untrusted files, on hostile input.

    .venv/bin/python bench/hostile_files.py            # all readers, all hostile samples
    .venv/bin/python bench/hostile_files.py --readers contacts,cde --json out.json

Each (reader, file) pair runs in a child forked from a process that has already loaded
Django and the readers; the child resets its peak-RSS mark (Linux ``clear_refs``), so its
peak minus its resident memory at the start is what that one file cost. The child's
address space is capped (``--cap-mb``), so a reader that sized an
allocation from what the file declares would die here rather than swap the machine; such a
death is reported as ``killed``. The samples are those of the test suite
(``tests/core/hostile_samples.py``), plus a legitimate 100,000-row contact file for scale.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _legitimate(folder: Path) -> list[Path]:
    path = folder / "99-legitimate-100000-rows.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nombre", "Correo electrónico", "Teléfono", "Idioma", "Condado"])
        for n in range(100_000):
            writer.writerow([f"María López {n}", f"p{n}@example.org", 4155550100 + n,
                             "Español", "Los Angeles"])
    from tests.core import hostile_samples

    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>María López {n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>p{n}@example.org</t></is></c>'
        f'<c r="C{n}"><v>{4155550100 + n}</v></c></row>'
        for n in range(3, 100_002)
    )
    workbook = folder / "98-legitimate-100000-rows.xlsx"
    workbook.write_bytes(hostile_samples.workbook_bytes(
        hostile_samples.sheet_xml(hostile_samples.HEADER + rows)))
    return [path, workbook]


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> int:
    """Reset this process's peak RSS (Linux: clear_refs 5) and return its current RSS in KB,
    so the peak measured afterwards is this file's own, not the parent's history."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS")


def _measure(reader: str, path: Path, cap_mb: int) -> dict:
    from tests.core import hostile_runner

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one file, one reader, then report and leave at once
        os.close(read_end)
        if cap_mb:
            resource.setrlimit(resource.RLIMIT_AS, (cap_mb * 2**20, cap_mb * 2**20))
        start_kb = _reset_peak()
        try:
            result = hostile_runner.run(reader, path)
        except BaseException as error:  # noqa: BLE001 - reported, the child must not raise
            result = {"outcome": "crash", "message": repr(error)[:300]}
        result["extra_mb"] = round(max(_status_kb("VmHWM") - start_kb, 0) / 1024, 1)
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if not data:
        return {"reader": reader, "file": path.name, "outcome": "killed",
                "message": f"exit status {status}", "seconds": None, "peak_mb": None}
    return json.loads(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", default="contacts,cde,students,elpac")
    parser.add_argument("--cap-mb", type=int, default=4096,
                        help="address-space cap for each child (0 for none)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alianza.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    from tests.core import hostile_runner, hostile_samples

    hostile_runner._setup()
    readers = options.readers.split(",")
    for reader in readers:
        hostile_runner.reader(reader)  # load every module before forking
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        labels = {}
        for index, (label, name, make) in enumerate(hostile_samples.SAMPLES):
            path = folder / f"{index:02d}-{name}"
            path.write_bytes(make())
            labels[path.name] = (label, path.stat().st_size)
        for path in _legitimate(folder):
            kind = "XLSX" if path.suffix == ".xlsx" else "CSV"
            labels[path.name] = (f"legitimate contacts, 100,000 rows ({kind})",
                                 path.stat().st_size)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"# Hostile files — {platform.machine()}, Python {platform.python_version()}, "
              f"parent RSS {baseline:.0f} MB, child cap {options.cap_mb} MB\n")
        print("| File | Size | " + " | ".join(readers) + " |")
        print("|---|---:|" + "---|" * len(readers))
        results = []
        worst = {reader: (0.0, 0.0) for reader in readers}
        for name in sorted(labels):
            label, size = labels[name]
            cells = []
            for reader in readers:
                started = time.perf_counter()
                result = _measure(reader, folder / name, options.cap_mb)
                result["wall"] = round(time.perf_counter() - started, 3)
                extra = result.get("extra_mb") or 0.0
                result["label"] = label
                results.append(result)
                seconds = result.get("seconds") or 0
                worst[reader] = (max(worst[reader][0], seconds), max(worst[reader][1], extra))
                cells.append(f"{result['outcome']} {seconds:.2f} s +{extra:.0f} MB")
            print(f"| {label} | {size / 1024:,.0f} KB | " + " | ".join(cells) + " |")
        print("\n**Ceilings** (worst time, worst memory above the loaded application): "
              + "; ".join(f"{r}: {t:.2f} s, +{m:.0f} MB" for r, (t, m) in worst.items()))
        crashes = [r for r in results if r["outcome"] in ("crash", "killed")]
        print(f"\nCrashes or kills: {len(crashes)}")
        for crash in crashes:
            print(f"- {crash['reader']} on {crash.get('file')}: {crash.get('message')}")
    if options.json:
        options.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
