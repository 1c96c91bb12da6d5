"""Full CSV export of 100,000 responses to a 40-question survey, SQLite and PostgreSQL.

    .venv/bin/python bench/listening_export.py --keep          # both databases, data kept

(``--responses 20000 --only postgres`` for a quick look; ``--keep`` reuses the data of an
earlier run with as many responses, see bench/listening_common.py ``prepare``.)

What is timed: the real streamed export the staff download sends —
``responses_csv_chunks(ResponseTable(survey, with_contacts=False))`` from
alianza/listening/exports/responses.py — every chunk consumed and written to a file (the
view hands the same generator to a StreamingHttpResponse). One row per response, one column
per single answer, one per option of multiple choices and rankings, opaque ids, cells
guarded against spreadsheet formulas. The file is read back to check it has one row per
response. Target (issue 10): under 10 s. Results: bench/results/listening_export.txt.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import listening_common as common  # noqa: E402

DB_NAME = "alz_bench_export"
RESULTS = common.ROOT / "bench" / "results" / "listening_export.txt"
TARGET = 10.0


def real_export(survey, out) -> None:
    from alianza.listening.exports.responses import ResponseTable, responses_csv_chunks

    for chunk in responses_csv_chunks(ResponseTable(survey, with_contacts=False)):
        out.write(chunk)


def run(backend: str, responses: int, keep: bool) -> str:
    with tempfile.TemporaryDirectory(prefix="listening-export-") as tmp:
        survey, _version, filled = common.prepare(backend, responses, keep=keep, tmp=Path(tmp),
                                                  db_name=DB_NAME)
        export = real_export
        path = Path(tmp) / "responses.csv"
        best = float("inf")
        for _run in range(2):
            began = time.perf_counter()
            with path.open("w", encoding="utf-8", newline="") as out:
                export(survey, out)
            best = min(best, time.perf_counter() - began)
        with path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _row in csv.reader(handle)) - 1
        assert rows == responses, (rows, responses)
        size = path.stat().st_size / 1e6
        verdict = "ok" if best < TARGET else "OVER TARGET"
        return (f"{common.database_version()}: {responses:,} responses, "
                f"{common.answer_count():,} answer rows {common.filled_line(filled)}\n"
                f"  CSV export (responses_csv_chunks to a file): {best:6.2f} s  "
                f"(target < {TARGET:.0f} s: "
                f"{verdict}); {rows:,} rows, {size:.0f} MB\n")


def main() -> int:
    return common.backends_main(doc=__doc__, script=__file__, run=run, results=RESULTS)

if __name__ == "__main__":
    sys.exit(main())
