"""Frame results for one page: groups of respondents × outcome questions × frames.

Works on plain rows (one per outcome answer) so it can be tested without a database and fed
by one query. Every comparison on the page forms one family for Holm's correction, so the
adjusted p-values and the summaries agree with what a reader sees side by side.

The reference group is the control frame when the test has one; without a control, each
frame is compared with all the other frames pooled together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from alianza.listening.frames.stats import (
    Difference,
    Estimate,
    holm_adjust,
    mean_difference,
    mean_estimate,
    share_difference,
    share_estimate,
)

MEAN, SHARE = "mean", "share"
EVERYONE = ""  # the dimension (and group key) of the whole sample
DIMENSIONS = ("respondent_type", "language", "county")


@dataclass(frozen=True)
class Row:
    """One outcome answer with what the comparison needs about its response."""

    question: str
    option: str | None
    number: float | None
    frame_id: int
    respondent_type: str
    language: str
    county: str


@dataclass(frozen=True)
class Outcome:
    name: str
    kind: str  # MEAN or SHARE
    success: str = ""  # SHARE: the option counted (e.g. "yes")
    scale_min: float | None = None
    scale_max: float | None = None


@dataclass(frozen=True)
class FrameInfo:
    id: int
    key: str
    is_control: bool


@dataclass
class FrameResult:
    frame: FrameInfo
    n: int
    shown: bool  # False: fewer than the smallest group shown, nothing but "fewer than N"
    estimate: Estimate | None = None
    difference: Difference | None = None


@dataclass
class OutcomeResult:
    outcome: Outcome
    frames: list[FrameResult]

    @property
    def compared(self) -> list[FrameResult]:
        return [result for result in self.frames if result.difference is not None]


@dataclass
class GroupResult:
    dimension: str
    key: str
    outcomes: list[OutcomeResult] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return any(outcome.compared for outcome in self.outcomes)


def group_key(row: Row, dimension: str) -> str:
    if dimension == "respondent_type":
        return row.respondent_type
    if dimension == "language":
        return row.language.split("-")[0]
    if dimension == "county":
        return row.county
    return EVERYONE


def _estimate(outcome: Outcome, values: list) -> Estimate:
    if outcome.kind == MEAN:
        return mean_estimate(values)
    return share_estimate(sum(values), len(values))


def _difference(outcome: Outcome, values: list, reference: list) -> Difference | None:
    if outcome.kind == MEAN:
        return mean_difference(values, reference)
    return share_difference(sum(values), len(values), sum(reference), len(reference))


def _outcome_result(outcome: Outcome, frames: Sequence[FrameInfo],
                    values: dict[int, list], min_n: int) -> OutcomeResult:
    results = []
    for frame in frames:
        n = len(values.get(frame.id, []))
        shown = n >= min_n and n > 0
        results.append(FrameResult(frame=frame, n=n, shown=shown,
                                   estimate=_estimate(outcome, values[frame.id])
                                   if shown else None))
    shown = [result for result in results if result.shown]
    control = next((result for result in results if result.frame.is_control), None)
    if control is not None:
        if control.shown:
            for result in shown:
                if result is not control:
                    result.difference = _difference(outcome, values[result.frame.id],
                                                    values[control.frame.id])
    elif len(shown) >= 2:
        for result in shown:
            others = [value for other in shown if other is not result
                      for value in values[other.frame.id]]
            result.difference = _difference(outcome, values[result.frame.id], others)
    return OutcomeResult(outcome=outcome, frames=results)


def frame_results(rows: Iterable[Row], *, outcomes: Sequence[Outcome],
                  frames: Sequence[FrameInfo], dimension: str = EVERYONE,
                  only: str | None = None, min_n: int = 10,
                  ) -> tuple[list[GroupResult], int]:
    """The groups of ``dimension`` (or just ``only``), and the number of comparisons.

    A rating or number counts its value; a choice counts 1 for the ``success`` option and
    0 for any other, so a share is the mean of those.
    """
    by_outcome = {outcome.name: outcome for outcome in outcomes}
    # group → outcome → frame → values
    data: dict[str, dict[str, dict[int, list]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    for row in rows:
        outcome = by_outcome.get(row.question)
        if outcome is None:
            continue
        key = group_key(row, dimension)
        if only is not None and key != only:
            continue
        if outcome.kind == MEAN:
            if row.number is None:
                continue
            value = row.number
        else:
            value = 1 if row.option == outcome.success else 0
        data[key][outcome.name][row.frame_id].append(value)
    keys = sorted(data, key=lambda key: (key == "", key))
    if only is not None and only not in data:
        keys = [only]
    groups = [GroupResult(dimension=dimension, key=key,
                          outcomes=[_outcome_result(outcome, frames, data[key][outcome.name],
                                                    min_n)
                                    for outcome in outcomes])
              for key in keys]
    family = [result.difference for group in groups for outcome in group.outcomes
              for result in outcome.frames]
    return groups, holm_adjust(family)
