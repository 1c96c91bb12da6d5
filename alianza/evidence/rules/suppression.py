"""Aggregate counts by school, grade, language and student group, with small cells suppressed.

The published table is long: one row per breakdown key and measure. Margins (school totals,
grade totals, the grand total) and the relations between measures (LTEL and at-risk are parts
of the EL count, which is part of all students) are all modelled, so a suppressed count cannot
be recovered from totals, from another breakdown, or from another measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import polars as pl

from .cellsafe import CellTable, suppress
from .engine import RunResult

DIMENSIONS = ("school_code", "grade", "language", "student_group")
# Student groups overlap (a student can be in several), unlike the other dimensions.
PARTITION_DIMENSIONS = ("school_code", "grade", "language")
ALL = "ALL"
UNKNOWN = "unknown"
GRADE_LABELS = {"-1": "TK", "0": "KN"}

DEFAULT_BREAKDOWNS: tuple[tuple[str, ...], ...] = (
    (),
    ("school_code",),
    ("grade",),
    ("language",),
    ("student_group",),
    ("school_code", "grade"),
)

# measure -> (parent measure, kind of rule set that produced it)
MEASURES: dict[str, tuple[str | None, str | None]] = {
    "students": (None, None),
    "english_learners": ("students", None),
    "ltel": ("english_learners", "ltel"),
    "at_risk": ("english_learners", "ltel"),
    "dashboard_ltel": ("english_learners", "dashboard-ltel"),
    "rfep_eligible": ("english_learners", "rfep"),
    "rfep_monitoring": ("students", "rfep"),
    "seal_eligible": ("students", "seal"),
}


@dataclass(frozen=True)
class SuppressionPolicy:
    threshold: int = 10  # counts of this many or fewer are suppressed
    suppress_zeros: bool = True
    marker: str = "*"


def _measure_frame(result: RunResult) -> pl.DataFrame:
    s = result.students
    sealed = (
        result.seal.filter(pl.col("seal_eligible")).select("student_id").unique()
        if result.seal.height
        else pl.DataFrame({"student_id": []}, schema={"student_id": pl.String})
    )
    keys = [
        pl.col(c).cast(pl.String).fill_null(UNKNOWN).alias(c)
        for c in ("school_code", "language")
    ]
    # Grades are labelled as the state writes them: TK and KN, never the engine's -1 and 0.
    keys.insert(1, pl.col("grade").cast(pl.String).replace(GRADE_LABELS).fill_null(UNKNOWN))
    return s.select(
        *keys,
        pl.col("student_groups").fill_null("").str.split(";").alias("student_group"),
        pl.lit(1).alias("students"),
        (pl.col("el_status") == "EL").fill_null(False).cast(pl.Int32).alias("english_learners"),
        pl.col("ltel").cast(pl.Int32),
        pl.col("at_risk").cast(pl.Int32),
        pl.col("dashboard_ltel").cast(pl.Int32),
        (pl.col("rfep_status") == "eligible").cast(pl.Int32).alias("rfep_eligible"),
        pl.col("rfep_monitoring").cast(pl.Int32),
        pl.col("student_id")
        .is_in(sealed["student_id"].implode())
        .cast(pl.Int32)
        .alias("seal_eligible"),
    )


def _closure(breakdowns) -> list[tuple[str, ...]]:
    out = set()
    for b in breakdowns:
        for k in range(len(b) + 1):
            out.update(tuple(c) for c in combinations(b, k))
    return sorted(out, key=lambda b: (len(b), b))


def count_cells(result: RunResult, breakdowns=DEFAULT_BREAKDOWNS) -> pl.DataFrame:
    """Counts for every breakdown (and the margins it implies), one row per key."""
    base = _measure_frame(result)
    measures = list(MEASURES)
    frames = []
    for b in _closure(breakdowns):
        frame = (
            base.explode("student_group").filter(pl.col("student_group") != "")
            if ("student_group" in b)
            else base
        )
        if b:
            counted = frame.group_by(list(b)).agg(pl.col(m).sum() for m in measures)
        else:
            counted = frame.select(pl.col(m).sum() for m in measures)
        counted = counted.with_columns(
            pl.lit(ALL).alias(d) for d in DIMENSIONS if d not in b
        ).with_columns(pl.lit("+".join(b) or "total").alias("breakdown"))
        frames.append(counted.select("breakdown", *DIMENSIONS, *measures))
    return pl.concat(frames).sort("breakdown", *DIMENSIONS)


def _build_table(cells: pl.DataFrame, published_breakdowns: set[str]) -> tuple:
    table = CellTable()
    index: dict[tuple, int] = {}
    rows = cells.to_dicts()
    for row in rows:
        key = tuple(row[d] for d in DIMENSIONS)
        for m in MEASURES:
            index[(m, key)] = table.add_cell(
                row[m], published=row["breakdown"] in published_breakdowns
            )
    children: dict[tuple, list[int]] = {}
    for row in rows:
        key = tuple(row[d] for d in DIMENSIONS)
        for pos, d in enumerate(DIMENSIONS):
            if key[pos] == ALL:
                continue
            parent_key = key[:pos] + (ALL,) + key[pos + 1 :]
            for m in MEASURES:
                child, parent = index[(m, key)], index[(m, parent_key)]
                if d in PARTITION_DIMENSIONS:
                    children.setdefault((m, parent_key, d), [parent]).append(child)
                else:
                    rest = table.add_cell(_value(table, parent) - row[m], published=False)
                    table.relate(parent, [child, rest])
        for m, (parent_m, _) in MEASURES.items():
            if parent_m is not None:
                child, parent = index[(m, key)], index[(parent_m, key)]
                rest = table.add_cell(_value(table, parent) - _value(table, child), published=False)
                table.relate(parent, [child, rest])
        el, ltel, risk = (index[(m, key)] for m in ("english_learners", "ltel", "at_risk"))
        other = table.add_cell(
            _value(table, el) - _value(table, ltel) - _value(table, risk), published=False
        )
        table.relate(el, [ltel, risk, other])
    for members in children.values():
        table.relate(members[0], members[1:])
    return table, index


def _value(table: CellTable, i: int) -> int:
    return table.values[i]


def suppressed_aggregates(
    result: RunResult,
    *,
    policy: SuppressionPolicy | None = None,
    breakdowns=DEFAULT_BREAKDOWNS,
) -> tuple[pl.DataFrame, list[str]]:
    """The publishable table (long format) and notes on the suppression run."""
    policy = policy or SuppressionPolicy()
    if (
        result.students.height
        and result.students.select((pl.col("ltel") & pl.col("at_risk")).any()).item()
    ):
        raise ValueError("A student is both LTEL and at risk; the rule results are inconsistent.")
    cells = count_cells(result, breakdowns)
    published = {"+".join(b) or "total" for b in breakdowns}
    table, index = _build_table(cells, published)
    outcome = suppress(table, threshold=policy.threshold, suppress_zeros=policy.suppress_zeros)
    by_kind = {r["kind"]: r["name"] for r in result.manifest.get("rule_sets", [])}
    rule_sets = {m: by_kind.get(kind) for m, (_, kind) in MEASURES.items()}
    out = []
    for row in cells.filter(pl.col("breakdown").is_in(list(published))).to_dicts():
        key = tuple(row[d] for d in DIMENSIONS)
        for m in MEASURES:
            i = index[(m, key)]
            out.append(
                {
                    "breakdown": row["breakdown"],
                    **{d: row[d] for d in DIMENSIONS},
                    "measure": m,
                    "rule_set": rule_sets[m],
                    "count": policy.marker if outcome.hidden[i] else str(row[m]),
                    "suppressed": outcome.hidden[i],
                    "suppression": outcome.reason[i],
                }
            )
    schema = {
        "breakdown": pl.String,
        **{d: pl.String for d in DIMENSIONS},
        "measure": pl.String,
        "rule_set": pl.String,
        "count": pl.String,
        "suppressed": pl.Boolean,
        "suppression": pl.String,
    }
    return pl.DataFrame(out, schema=schema), outcome.notes
