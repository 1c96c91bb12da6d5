"""Time reading the statewide CALPADS UPC workbook with each workbook engine.

    .venv/bin/python bench/evidence_upc_import.py [path/to/cupcYYYY-k12.xlsx] [--repeat N]

Reports, for python-calamine and openpyxl (read-only mode): the raw time to pull every cell
out of the workbook, and the full read (header search, typing, suppression flags, levels),
best and median of N runs, plus peak Python memory of one full read. Target: < 10 s.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alianza.evidence.cde import load_upc  # noqa: E402
from alianza.evidence.cde.upc import _sheets  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "cde" / "cupc2425-k12.xlsx"
TARGET_SECONDS = 10.0


def _timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def _cells(path: Path, engine: str) -> int:
    return sum(len(row) for _name, rows in _sheets(path, engine) for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.path.exists():
        print(f"No workbook at {args.path}; pass the path of a cupcYYYY-k12.xlsx file.")
        return 1

    print(f"Workbook: {args.path.name} ({args.path.stat().st_size / 1e6:.1f} MB)")
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{platform.system()}; {args.repeat} runs each\n"
    )
    results = {}
    for engine in ("stream", "openpyxl"):
        raw = _timed(lambda engine=engine: _cells(args.path, engine), args.repeat)
        full = _timed(lambda engine=engine: load_upc(args.path, engine=engine), args.repeat)
        tracemalloc.start()
        table = load_upc(args.path, engine=engine)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[engine] = min(full)
        print(
            f"{engine:9}  cells only: best {min(raw):.2f} s, "
            f"median {statistics.median(raw):.2f} s"
            f"  |  full read: best {min(full):.2f} s, "
            f"median {statistics.median(full):.2f} s"
            f"  |  peak Python memory {peak / 1e6:.0f} MB"
            f"  |  {table.row_count} rows, {len(table.frame.columns)} columns"
        )
    fastest = min(results, key=results.get)
    ratio = max(results.values()) / results[fastest]
    verdict = "met" if results[fastest] < TARGET_SECONDS else "MISSED"
    print(
        f"\nFastest: {fastest} ({ratio:.1f}x the other); target < {TARGET_SECONDS:.0f} s: {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
