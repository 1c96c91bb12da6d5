"""Primary and complementary cell suppression over a set of linear relations.

A *cell* is a count; a *relation* says ``total = sum(parts)``. Some cells are never published
(e.g. "students not in this group"); they are hidden from the start but still take part in
relations, because subtracting published figures would reveal them.

The guarantee: no hidden cell whose count is at or below the threshold can be derived from the
published cells, neither by subtracting within one relation nor by combining relations
(checked exactly by row reduction over the rationals), and no relation whose total is
published leaves its hidden parts summing to the threshold or less.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

PRIMARY = "primary"
COMPLEMENTARY = "complementary"


@dataclass
class CellTable:
    values: list[int] = field(default_factory=list)
    published: list[bool] = field(default_factory=list)
    relations: list[tuple[int, list[int]]] = field(default_factory=list)

    def add_cell(self, value: int, *, published: bool = True) -> int:
        self.values.append(int(value))
        self.published.append(published)
        return len(self.values) - 1

    def relate(self, total: int, parts: list[int]) -> None:
        if parts:
            self.relations.append((total, list(parts)))


@dataclass
class Outcome:
    hidden: list[bool]
    reason: list[str | None]
    notes: list[str]


# Row reduction on components larger than this is skipped (and reported), to bound run time.
MAX_EXACT_VARIABLES = 4000


def suppress(table: CellTable, *, threshold: int, suppress_zeros: bool = True) -> Outcome:
    n = len(table.values)
    values = table.values

    def sensitive(i: int) -> bool:
        return values[i] <= threshold and (suppress_zeros or values[i] > 0)

    hidden = [not table.published[i] or sensitive(i) for i in range(n)]
    reason: list[str | None] = [
        PRIMARY if table.published[i] and hidden[i] else None for i in range(n)
    ]
    member_of: dict[int, list[int]] = defaultdict(list)
    for r, (total, parts) in enumerate(table.relations):
        for i in (total, *parts):
            member_of[i].append(r)
    notes: list[str] = []

    def hide(i: int) -> None:
        hidden[i] = True
        reason[i] = COMPLEMENTARY
        work.extend(member_of[i])

    def candidates(r: int) -> list[int]:
        total, parts = table.relations[r]
        free = [i for i in parts if not hidden[i]]
        if not free and not hidden[total]:
            free = [total]
        return sorted(free, key=lambda i: (values[i], i))

    def needs_more(r: int) -> bool:
        total, parts = table.relations[r]
        members = (total, *parts)
        hidden_members = [i for i in members if hidden[i]]
        if len(hidden_members) == 1:
            only = hidden_members[0]
            # A never-published cell that is large may be derivable: it reveals nothing small.
            return table.published[only] or sensitive(only)
        if not hidden[total] and hidden_members:
            hidden_parts = [i for i in parts if hidden[i]]
            if any(sensitive(i) for i in hidden_parts):
                return sum(values[i] for i in hidden_parts) <= threshold
        return False

    work = list(range(len(table.relations)))
    while True:
        while work:
            r = work.pop()
            while needs_more(r):
                free = candidates(r)
                if not free:
                    break
                hide(free[0])
        determined = _determined_sensitive(table, hidden, sensitive, notes)
        if not determined:
            break
        for i in determined:
            target = _nearest_free(table, member_of, hidden, i, values)
            if target is not None:
                hide(target)
        if not work:
            notes.append("some cells could not be protected by suppression alone")
            break
    return Outcome(hidden=hidden, reason=reason, notes=sorted(set(notes)))


def _nearest_free(table, member_of, hidden, start, values) -> int | None:
    """The smallest published, still-shown cell in a relation reachable from ``start``."""
    seen_cells, frontier = {start}, [start]
    while frontier:
        options = []
        for i in frontier:
            for r in member_of[i]:
                total, parts = table.relations[r]
                options += [j for j in (*parts, total) if not hidden[j] and table.published[j]]
        if options:
            return min(options, key=lambda j: (values[j], j))
        nxt = []
        for i in frontier:
            for r in member_of[i]:
                total, parts = table.relations[r]
                for j in (total, *parts):
                    if j not in seen_cells:
                        seen_cells.add(j)
                        nxt.append(j)
        frontier = nxt
    return None


def _determined_sensitive(table: CellTable, hidden, sensitive, notes) -> list[int]:
    """Hidden sensitive cells that the relations pin to one value (exact row reduction)."""
    rows: list[dict[int, Fraction]] = []
    for total, parts in table.relations:
        row: dict[int, Fraction] = {}
        if hidden[total]:
            row[total] = Fraction(-1)
        for i in parts:
            if hidden[i]:
                row[i] = row.get(i, Fraction(0)) + 1
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    # Split into independent components so each reduction stays small.
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        keys = list(row)
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    groups: dict[int, list[dict[int, Fraction]]] = defaultdict(list)
    for row in rows:
        groups[find(next(iter(row)))].append(row)
    out = []
    for group in groups.values():
        variables = {k for row in group for k in row}
        if len(variables) > MAX_EXACT_VARIABLES:
            notes.append(f"exact check skipped for a group of {len(variables)} hidden cells")
            continue
        out += [i for i in _pinned(group) if sensitive(i)]
    return out


def _pinned(rows: list[dict[int, Fraction]]) -> list[int]:
    """Variables equal to a constant in the row space (a reduced row with one entry)."""
    pivots: dict[int, dict[int, Fraction]] = {}
    for row in rows:
        row = dict(row)
        for col, prow in pivots.items():
            if col in row:
                factor = row[col]
                for k, v in prow.items():
                    nv = row.get(k, Fraction(0)) - factor * v
                    if nv:
                        row[k] = nv
                    else:
                        row.pop(k, None)
        if not row:
            continue
        col = min(row)
        lead = row[col]
        row = {k: v / lead for k, v in row.items()}
        for other in pivots.values():
            if col in other:
                factor = other[col]
                for k, v in row.items():
                    nv = other.get(k, Fraction(0)) - factor * v
                    if nv:
                        other[k] = nv
                    else:
                        other.pop(k, None)
        pivots[col] = row
    return [col for col, row in pivots.items() if len(row) == 1]
