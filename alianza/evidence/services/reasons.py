"""How many students met, missed or skipped each criterion: counts, small ones suppressed.

The counts of one criterion add up to the number of students evaluated, so hiding one small
count is not enough: more are hidden until the hidden counts of a criterion add up to more
than the threshold, and none can be worked out from the others.
"""

from __future__ import annotations

import polars as pl

from alianza.evidence.rules import RunResult
from alianza.evidence.rules.features import STATUS

STATUSES = ("met", "not_met", "skipped", "missing", "not_applicable")


def _counts(frame: pl.DataFrame) -> list[tuple[str, dict[str, int]]]:
    columns = [name for name, dtype in frame.schema.items() if dtype == STATUS]
    if not columns or frame.height == 0:
        return [(name, dict.fromkeys(STATUSES, 0)) for name in columns]
    counted = frame.select(
        (pl.col(name) == status).sum().alias(f"{name}|{status}")
        for name in columns
        for status in STATUSES
    ).row(0, named=True)
    return [
        (name, {status: int(counted[f"{name}|{status}"] or 0) for status in STATUSES})
        for name in columns
    ]


def _suppress(counts: dict[str, int], threshold: int) -> dict[str, int | None]:
    hidden = {s for s, n in counts.items() if 0 < n <= threshold}
    if hidden:
        while sum(counts[s] for s in hidden) <= threshold:
            shown = [s for s, n in counts.items() if s not in hidden and n > 0]
            if not shown:
                break
            hidden.add(min(shown, key=lambda s: counts[s]))
    return {s: (None if s in hidden else n) for s, n in counts.items()}


def reasons_summary(result: RunResult, *, threshold: int) -> list[dict[str, object]]:
    """One entry per criterion: ``{"criterion", "scope", "met", "not_met", "skipped", …}``.

    A count of ``None`` is suppressed.
    """
    summary = []
    for scope, frame in (("students", result.students), ("seal", result.seal)):
        for name, counts in _counts(frame):
            summary.append({"criterion": name, "scope": scope, **_suppress(counts, threshold)})
    return summary
