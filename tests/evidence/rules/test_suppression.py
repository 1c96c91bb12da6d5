"""Small-cell suppression: primary and complementary, checked against an independent attacker
who solves the published totals as a linear system."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alianza.evidence.rules.cellsafe import CellTable, suppress
from alianza.evidence.rules.engine import RunResult
from alianza.evidence.rules.suppression import SuppressionPolicy, suppressed_aggregates

MEASURES = [
    "students",
    "english_learners",
    "ltel",
    "at_risk",
    "dashboard_ltel",
    "rfep_eligible",
    "rfep_monitoring",
    "seal_eligible",
]
SUBSETS = [
    ("english_learners", "students"),
    ("ltel", "english_learners"),
    ("at_risk", "english_learners"),
    ("dashboard_ltel", "english_learners"),
    ("rfep_eligible", "english_learners"),
    ("rfep_monitoring", "students"),
    ("seal_eligible", "students"),
]


def test_a_lone_small_cell_in_a_row_takes_the_next_smallest_with_it():
    t = CellTable()
    total = t.add_cell(53)
    a, b, c = t.add_cell(3), t.add_cell(20), t.add_cell(30)
    t.relate(total, [a, b, c])
    out = suppress(t, threshold=10)
    assert out.hidden == [False, True, True, False]
    assert out.reason[a] == "primary" and out.reason[b] == "complementary"


def test_two_small_cells_whose_sum_is_still_small_take_a_third():
    t = CellTable()
    total = t.add_cell(60)
    cells = [t.add_cell(v) for v in (2, 3, 25, 30)]
    t.relate(total, cells)
    out = suppress(t, threshold=10)
    assert [out.hidden[i] for i in cells] == [True, True, True, False]


def test_a_never_published_small_remainder_protects_itself_through_its_parts():
    # 50 students, 45 in a group: the 5 outside it would be revealed by subtraction.
    t = CellTable()
    total, group = t.add_cell(50), t.add_cell(45)
    rest = t.add_cell(5, published=False)
    t.relate(total, [group, rest])
    assert suppress(t, threshold=10).hidden[group] is True


def _students(rows: list[dict]) -> RunResult:
    frame = pl.DataFrame(
        rows,
        schema={
            "student_id": pl.String,
            "school_code": pl.String,
            "grade": pl.Int8,
            "language": pl.String,
            "student_groups": pl.String,
            "el_status": pl.String,
            "ltel": pl.Boolean,
            "at_risk": pl.Boolean,
            "dashboard_ltel": pl.Boolean,
            "rfep_status": pl.String,
            "rfep_monitoring": pl.Boolean,
        },
    )
    sealed = [r["student_id"] for r in rows if r["seal"]]
    seal = pl.DataFrame(
        {"student_id": sealed, "seal_eligible": [True] * len(sealed)},
        schema={"student_id": pl.String, "seal_eligible": pl.Boolean},
    )
    return RunResult(students=frame, seal=seal, manifest={})


student_rows = st.lists(
    st.fixed_dictionaries(
        {
            "school_code": st.sampled_from(["0100001", "0100002", "0100003"]),
            "grade": st.sampled_from([6, 7, 8]),
            "language": st.sampled_from(["spa", "vie", "eng"]),
            "groups": st.sets(st.sampled_from(["SED", "SWD"])),
            "el": st.booleans(),
            "kind": st.sampled_from(["none", "ltel", "at_risk"]),
            "dash": st.booleans(),
            "rfep": st.booleans(),
            "monitor": st.booleans(),
            "seal": st.booleans(),
        }
    ),
    min_size=0,
    max_size=140,
)


def _rows(drawn: list[dict]) -> list[dict]:
    out = []
    for i, d in enumerate(drawn):
        el = d["el"]
        out.append(
            {
                "student_id": f"s{i}",
                "school_code": d["school_code"],
                "grade": d["grade"],
                "language": d["language"],
                "student_groups": ";".join(sorted(d["groups"])) or None,
                "el_status": "EL" if el else "RFEP",
                "ltel": el and d["kind"] == "ltel",
                "at_risk": el and d["kind"] == "at_risk",
                "dashboard_ltel": el and d["dash"],
                "rfep_status": "eligible" if el and d["rfep"] else "not_eligible",
                "rfep_monitoring": (not el) and d["monitor"],
                "seal": d["seal"],
            }
        )
    return out


def _true_counts(rows: list[dict]) -> dict[tuple, int]:
    """Every cell's true value, counted directly from the students (not from the code)."""
    counts: dict[tuple, int] = {(m, ("ALL",) * 4): 0 for m in MEASURES}
    flags = {
        "students": lambda r: True,
        "english_learners": lambda r: r["el_status"] == "EL",
        "ltel": lambda r: r["ltel"],
        "at_risk": lambda r: r["at_risk"],
        "dashboard_ltel": lambda r: r["dashboard_ltel"],
        "rfep_eligible": lambda r: r["rfep_status"] == "eligible",
        "rfep_monitoring": lambda r: r["rfep_monitoring"],
        "seal_eligible": lambda r: r["seal"],
    }
    for r in rows:
        school, grade, lang = r["school_code"], str(r["grade"]), r["language"]
        groups = (r["student_groups"] or "").split(";")
        keys = [
            ("ALL",) * 4,
            (school, "ALL", "ALL", "ALL"),
            ("ALL", grade, "ALL", "ALL"),
            ("ALL", "ALL", lang, "ALL"),
            (school, grade, "ALL", "ALL"),
        ]
        keys += [("ALL", "ALL", "ALL", g) for g in groups if g]
        for m, f in flags.items():
            for k in keys:
                counts[(m, k)] = counts.get((m, k), 0) + int(bool(f(r)))
    return counts


def _attacker_equations(true: dict[tuple, int]) -> list[dict[tuple, int]]:
    """Linear relations an outsider knows hold between published cells and hidden remainders."""
    eqs: list[dict] = []
    keys = {k for _, k in true}
    for m in MEASURES:
        tot = (m, ("ALL",) * 4)
        for pos in range(3):
            parts = [(m, k) for k in keys if k[pos] != "ALL" and sum(x != "ALL" for x in k) == 1]
            if parts:  # with no students there is no breakdown to add up
                eqs.append({tot: -1, **{p: 1 for p in parts}})
        for k in keys:
            if k[0] != "ALL" and k[1] != "ALL":
                eqs.append(
                    {
                        (m, (k[0], "ALL", "ALL", "ALL")): -1,
                        **{(m, q): 1 for q in keys if q[0] == k[0] and q[1] != "ALL"},
                    }
                )
                eqs.append(
                    {
                        (m, ("ALL", k[1], "ALL", "ALL")): -1,
                        **{(m, q): 1 for q in keys if q[1] == k[1] and q[0] != "ALL"},
                    }
                )
            if k[3] != "ALL":
                eqs.append({tot: -1, (m, k): 1, ("rest-group", m, k): 1})
    for k in keys:
        for child, parent in SUBSETS:
            eqs.append({(parent, k): -1, (child, k): 1, ("rest", child, k): 1})
        eqs.append(
            {("english_learners", k): -1, ("ltel", k): 1, ("at_risk", k): 1, ("rest-el", k): 1}
        )
    return eqs


def _determined(eqs, unknown: list) -> set:
    """Unknowns pinned to one value by the equations (e_i lies in the row space)."""
    col = {u: i for i, u in enumerate(unknown)}
    rows = [[e.get(u, 0) for u in unknown] for e in eqs if any(u in e for u in unknown)]
    if not rows:
        return set()
    a = np.array(rows, dtype=float)
    # An unknown is pinned iff every vector of the null space is zero at its position.
    _, sing, vt = np.linalg.svd(a)
    rank = int((sing > 1e-9).sum())
    null = vt[rank:]
    return {u for u in unknown if np.abs(null[:, col[u]]).max(initial=0) < 1e-9}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=student_rows, threshold=st.sampled_from([3, 5, 10]))
def test_suppression_never_reveals_a_count_at_or_below_the_threshold(drawn, threshold):
    rows = _rows(drawn)
    table, _ = suppressed_aggregates(_students(rows), policy=SuppressionPolicy(threshold=threshold))
    true = _true_counts(rows)
    shown: dict[tuple, int] = {}
    for r in table.iter_rows(named=True):
        key = (r["measure"], (r["school_code"], r["grade"], r["language"], r["student_group"]))
        assert key in true
        if not r["suppressed"]:
            shown[key] = int(r["count"])
            assert shown[key] == true[key]
            assert shown[key] > threshold  # nothing small is printed
    eqs = _attacker_equations(true)
    unknown = sorted({v for e in eqs for v in e if v not in shown}, key=str)
    for u in _determined(eqs, unknown):
        value = true.get(u)
        if value is None:  # a remainder: recompute its true value from its equation
            eq = next(e for e in eqs if u in e)
            value = -sum(c * true[v] for v, c in eq.items() if v != u)
        assert value > threshold, f"{u} = {value} can be derived from the published totals"
