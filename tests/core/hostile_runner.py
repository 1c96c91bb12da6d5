"""Run every reader of untrusted files on given files, in a process of its own.

    python -m tests.core.hostile_runner READER FILE [FILE ...]

Prints one JSON line per file: the outcome (``ok``, ``refused`` with the message a person
would see, or ``crash`` with the exception type), seconds taken, and the process's peak
resident memory so far. The address space is capped (``ALIANZA_HOSTILE_AS_MB``), so an
allocation sized from what a file declares fails here instead of swapping the machine.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

READERS = ("contacts", "cde", "upc", "students", "elpac")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alianza.settings")
    import django

    django.setup()


def reader(name: str) -> tuple[Callable[[Path], object], tuple[type[BaseException], ...]]:
    """The reader called ``name`` and the exceptions by which it refuses a file clearly."""
    if name == "contacts":
        from alianza.coalition.imports import readers

        def contacts(path: Path) -> object:
            info = readers.inspect_file(
                path, original_name=path.name, max_columns=100, max_rows=1_000_000
            )
            rows = readers.iter_rows(
                path, file_format=info.file_format, encoding=info.encoding,
                delimiter=info.delimiter,
            )
            return sum(1 for _row in rows)

        return contacts, (readers.ImportFileError,)
    if name in ("cde", "upc"):
        from alianza.evidence import cde
        from alianza.evidence.cde.upc import load_upc

        return (cde.load if name == "cde" else load_upc), (cde.CdeFileError,)
    from alianza.evidence.rules.parsing import LayoutError
    from alianza.evidence.rules.readers import read_elpac, read_students

    if name == "students":
        return (lambda path: read_students([path])), (LayoutError,)
    return (lambda path: read_elpac(path, school_year=2024)), (LayoutError,)


def run(name: str, path: Path) -> dict[str, object]:
    function, refusals = reader(name)
    started = time.perf_counter()
    try:
        function(path)
        outcome, message = "ok", ""
    except refusals as error:
        outcome, message = "refused", getattr(error, "message", None) or str(error)
    except Exception as error:  # noqa: BLE001 - what the fuzzing is looking for
        outcome, message = "crash", f"{type(error).__module__}.{type(error).__name__}: {error}"
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "reader": name, "file": path.name, "outcome": outcome, "message": message[:300],
        "seconds": round(time.perf_counter() - started, 3), "peak_mb": round(peak_kb / 1024, 1),
    }


def main(argv: list[str]) -> None:
    name, *paths = argv
    _setup()
    reader(name)  # import before measuring: the baseline is the loaded application
    limit = int(os.environ.get("ALIANZA_HOSTILE_AS_MB", "0"))
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit * 2**20, limit * 2**20))
    print(json.dumps({"reader": name, "baseline_mb": round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}), flush=True)
    for path in paths:
        print(json.dumps(run(name, Path(path))), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
