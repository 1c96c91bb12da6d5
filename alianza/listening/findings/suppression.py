"""The small-group rule: no group of fewer than ``minimum`` respondents is shown on its own.

A group below the minimum is merged with the other small ones into one "other groups" row;
if even that row is below the minimum its figures are blanked. Blanking one row of a table
whose total is shown would let anyone subtract it back out, so the next-smallest row is
blanked too (complementary suppression).
"""

from __future__ import annotations

from dataclasses import dataclass, field

OTHER_GROUPS = "__other_groups__"


@dataclass
class Group:
    key: str
    label: str
    count: int  # respondents in the group
    cells: dict[str, int] = field(default_factory=dict)  # e.g. per option
    suppressed: bool = False
    merged: tuple[str, ...] = ()  # keys folded into an "other groups" row

    @property
    def is_other(self) -> bool:
        return self.key == OTHER_GROUPS


def merge_small_groups(groups: list[Group], *, minimum: int, other_label: str) -> list[Group]:
    """Groups of at least ``minimum`` as they are, the rest folded into one row at the end,
    then blanked where a reader could still see or derive a group below the minimum."""
    shown = [g for g in groups if g.count >= minimum]
    small = [g for g in groups if g.count < minimum]
    if small:
        cells: dict[str, int] = {}
        for group in small:
            for key, value in group.cells.items():
                cells[key] = cells.get(key, 0) + value
        shown.append(Group(key=OTHER_GROUPS, label=other_label,
                           count=sum(g.count for g in small), cells=cells,
                           merged=tuple(g.key for g in small)))
    return blank_small(shown, minimum=minimum)


def blank_small(groups: list[Group], *, minimum: int, partition: bool = True) -> list[Group]:
    """Mark groups below ``minimum`` as suppressed; when the groups add up to a shown total
    (``partition``) and exactly one is suppressed, also suppress the smallest other one."""
    for group in groups:
        group.suppressed = group.count < minimum
    hidden = [g for g in groups if g.suppressed]
    if partition and len(hidden) == 1 and hidden[0].count > 0:
        visible = [g for g in groups if not g.suppressed]
        if visible:
            min(visible, key=lambda g: g.count).suppressed = True
    return groups


def blank_cells(counts: dict[str, int], *, minimum: int, partition: bool) -> set[str]:
    """The keys of ``counts`` whose figures must not be shown (see ``blank_small``)."""
    groups = [Group(key=key, label=key, count=value) for key, value in counts.items()]
    return {g.key for g in blank_small(groups, minimum=minimum, partition=partition)
            if g.suppressed}
