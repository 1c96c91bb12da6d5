"""Comparing frames: estimates with 95% confidence intervals, differences from a reference
group, and Holm's correction for the number of comparisons shown.

Pure functions over plain numbers, with no Django import, so they can be checked against
textbook values. The statistics come from scipy and statsmodels, not from hand-written
formulas:

- a mean (rating scale, number): Student's t interval (``scipy.stats.t``);
- a share (e.g. "yes" to "would you act?"): Wilson score interval
  (``statsmodels.stats.proportion.proportion_confint``), which stays inside 0–100 % when
  every answer is the same;
- a difference of means: Welch's t-test (``scipy.stats.ttest_ind(equal_var=False)``) and its
  confidence interval;
- a difference of shares: the Agresti–Caffo test and interval
  (``test_proportions_2indep`` / ``confint_proportions_2indep``), which stay defined when a
  group answered all "yes" (the Wald and score versions divide by zero there);
- the family of comparisons: Holm (``multipletests(method="holm")``).

Whatever cannot be computed (one answer, no spread at all on both sides) is ``None``; the
page and the summary then say so instead of showing a made-up figure.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)

LEVEL = 0.95
ALPHA = 1 - LEVEL


@dataclass
class Estimate:
    """A group's mean or share (0–1) with its 95% interval; bounds are None when unknown."""

    n: int
    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass
class Difference:
    """A group minus its reference, with its 95% interval and (later) Holm-adjusted p."""

    value: float
    low: float | None
    high: float | None
    p: float | None
    p_adjusted: float | None = None
    extra: dict = field(default_factory=dict)


def _finite(number: float) -> float | None:
    number = float(number)
    return number if math.isfinite(number) else None


def mean_estimate(values: Sequence[float]) -> Estimate:
    data = np.asarray(values, dtype=float)
    n = int(data.size)
    if n == 0:
        return Estimate(n=0, value=None)
    mean = float(data.mean())
    if n == 1:
        return Estimate(n=1, value=mean)
    sem = float(stats.sem(data))
    if sem == 0:
        # Everyone gave the same answer: the interval collapses onto it.
        return Estimate(n=n, value=mean, low=mean, high=mean)
    low, high = stats.t.interval(LEVEL, df=n - 1, loc=mean, scale=sem)
    return Estimate(n=n, value=mean, low=float(low), high=float(high))


def share_estimate(successes: int, n: int) -> Estimate:
    if n == 0:
        return Estimate(n=0, value=None)
    low, high = proportion_confint(successes, n, alpha=ALPHA, method="wilson")
    return Estimate(n=n, value=successes / n, low=float(low), high=float(high))


def mean_difference(values: Sequence[float], reference: Sequence[float]) -> Difference | None:
    """``values`` minus ``reference`` by Welch's t-test; None when either side is empty."""
    a = np.asarray(values, dtype=float)
    b = np.asarray(reference, dtype=float)
    if a.size == 0 or b.size == 0:
        return None
    diff = float(a.mean() - b.mean())
    if a.size < 2 or b.size < 2:
        return Difference(value=diff, low=None, high=None, p=None)
    if a.var() == 0 and b.var() == 0:
        # No spread on either side: the t statistic is undefined. Equal answers are no
        # difference at all; unequal ones are a difference the test cannot weigh.
        if diff == 0:
            return Difference(value=0.0, low=0.0, high=0.0, p=1.0)
        return Difference(value=diff, low=None, high=None, p=None)
    result = stats.ttest_ind(a, b, equal_var=False)
    interval = result.confidence_interval(LEVEL)
    return Difference(value=diff, low=_finite(interval.low), high=_finite(interval.high),
                      p=_finite(result.pvalue))


def share_difference(successes: int, n: int, ref_successes: int,
                     ref_n: int) -> Difference | None:
    """Share minus the reference share (both 0–1), Agresti–Caffo test and interval."""
    if n == 0 or ref_n == 0:
        return None
    diff = successes / n - ref_successes / ref_n
    with warnings.catch_warnings():
        # The odds ratio statsmodels reports beside the test divides by zero at 0 % or
        # 100 %; we do not use it.
        warnings.simplefilter("ignore", RuntimeWarning)
        test = test_proportions_2indep(successes, n, ref_successes, ref_n, compare="diff",
                                       method="agresti-caffo")
        low, high = confint_proportions_2indep(successes, n, ref_successes, ref_n,
                                               compare="diff", method="agresti-caffo",
                                               alpha=ALPHA)
    return Difference(value=diff, low=_finite(low), high=_finite(high),
                      p=_finite(test.pvalue))


def holm_adjust(differences: Sequence[Difference | None]) -> int:
    """Set ``p_adjusted`` on every difference with a p-value; returns the family size."""
    family = [d for d in differences if d is not None and d.p is not None]
    if not family:
        return 0
    _reject, adjusted, _sidak, _bonf = multipletests([d.p for d in family], alpha=ALPHA,
                                                     method="holm")
    for difference, p in zip(family, adjusted, strict=True):
        difference.p_adjusted = float(p)
    return len(family)


def is_clear(difference: Difference | None) -> bool:
    """A difference unlikely to be chance after the correction."""
    return (difference is not None and difference.p_adjusted is not None
            and difference.p_adjusted < ALPHA)
