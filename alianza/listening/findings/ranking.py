"""Ranked concerns: which choices respondents put first, and whether two are really apart.

Two methods, both stated on the page:

- Borda count: with the top ``k`` ranked, rank 1 earns ``k`` points, rank 2 ``k - 1`` …,
  rank ``k`` one point; a choice the respondent did not rank earns 0. An option's score
  is its mean points over everyone who answered the question.
- Mean rank: the average rank among the respondents who ranked the option (1 = top);
  respondents who left it unranked are not counted, so a choice few people ranked can still
  score well — its count is shown beside it.

Each mean comes with a 95% confidence interval (Student's t) from the count, the sum and
the sum of squares, which the database computes; adjacent options whose intervals overlap
are flagged "too close to separate".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

BORDA = "borda"
MEAN_RANK = "mean_rank"
METHODS = (BORDA, MEAN_RANK)
CONFIDENCE = 0.95


@dataclass
class Tally:
    """What the database returns for one option."""

    key: str
    label: str
    ranked_by: int  # respondents who ranked it
    rank_sum: float
    rank_sq_sum: float


@dataclass
class Ranked:
    key: str
    label: str
    ranked_by: int
    score: float  # mean points (Borda) or mean rank
    low: float | None
    high: float | None
    first: int = 0  # how many put it first
    too_close: bool = False
    position: int = 0

    @property
    def half_width(self) -> float | None:
        return None if self.low is None or self.high is None else (self.high - self.low) / 2


def mean_interval(n: int, total: float, squares: float,
                  confidence: float = CONFIDENCE) -> tuple[float, float | None, float | None]:
    """Mean and its t-interval from count, sum and sum of squares (None when n < 2)."""
    if n <= 0:
        return 0.0, None, None
    mean = total / n
    if n < 2:
        return mean, None, None
    variance = max((squares - total * total / n) / (n - 1), 0.0)
    margin = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * math.sqrt(variance / n)
    return mean, mean - margin, mean + margin


def borda_points(tallies: list[Tally], *, answered: int, k: int) -> list[Tally]:
    """Per option: (count, sum, sum of squares) of points over all ``answered`` respondents.

    Points are ``k + 1 - rank``; an unranked option is a 0 for that respondent, which adds
    nothing to either sum but counts in n.
    """
    converted = []
    for t in tallies:
        total = (k + 1) * t.ranked_by - t.rank_sum
        squares = (k + 1) ** 2 * t.ranked_by - 2 * (k + 1) * t.rank_sum + t.rank_sq_sum
        converted.append(Tally(t.key, t.label, answered, total, squares))
    return converted


def rank_options(tallies: list[Tally], *, method: str, answered: int, k: int,
                 firsts: dict[str, int] | None = None) -> list[Ranked]:
    """Options best first, each with its interval and the too-close flag."""
    firsts = firsts or {}
    rows: list[Ranked] = []
    source = borda_points(tallies, answered=answered, k=k) if method == BORDA else tallies
    for raw, t in zip(tallies, source, strict=True):
        mean, low, high = mean_interval(t.ranked_by, t.rank_sum, t.rank_sq_sum)
        rows.append(Ranked(key=t.key, label=t.label, ranked_by=raw.ranked_by, score=mean,
                           low=low, high=high, first=firsts.get(t.key, 0)))
    if method == BORDA:
        rows.sort(key=lambda r: (-r.score, r.label))
    else:
        # Never-ranked options go last: they have no mean rank at all.
        rows.sort(key=lambda r: (r.ranked_by == 0, r.score, r.label))
    for position, row in enumerate(rows, start=1):
        row.position = position
    for above, below in zip(rows, rows[1:], strict=False):
        if _overlap(above, below):
            above.too_close = below.too_close = True
    return rows


def _overlap(a: Ranked, b: Ranked) -> bool:
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return a.ranked_by > 0 and b.ranked_by > 0  # no interval: nothing tells them apart
    return a.low <= b.high and b.low <= a.high
