"""The statistics of frame comparisons, checked against values computed independently
(scipy's own formulas written out, and textbook numbers)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sp

from alianza.listening.frames.stats import (
    Difference,
    holm_adjust,
    is_clear,
    mean_difference,
    mean_estimate,
    share_difference,
    share_estimate,
)


def test_a_mean_has_the_students_t_interval():
    values = [4, 5, 3, 4, 5, 5, 2, 4]
    estimate = mean_estimate(values)
    mean = sum(values) / len(values)
    sd = np.std(values, ddof=1)
    half = sp.t.ppf(0.975, len(values) - 1) * sd / math.sqrt(len(values))
    assert estimate.n == 8 and estimate.value == pytest.approx(mean)
    assert estimate.low == pytest.approx(mean - half)
    assert estimate.high == pytest.approx(mean + half)


def test_one_answer_gives_a_mean_without_an_interval():
    estimate = mean_estimate([4])
    assert (estimate.n, estimate.value, estimate.low, estimate.high) == (1, 4.0, None, None)


def test_identical_answers_give_a_zero_width_interval():
    estimate = mean_estimate([3, 3, 3, 3])
    assert (estimate.value, estimate.low, estimate.high) == (3.0, 3.0, 3.0)


def test_no_answers_give_nothing():
    assert mean_estimate([]).value is None
    assert share_estimate(0, 0).value is None


def test_a_share_has_the_wilson_interval():
    # Wilson 95% interval for 8 successes in 20, written out.
    estimate = share_estimate(8, 20)
    z = sp.norm.ppf(0.975)
    n, p = 20, 0.4
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert estimate.value == pytest.approx(0.4)
    assert estimate.low == pytest.approx(centre - half)
    assert estimate.high == pytest.approx(centre + half)


def test_all_yes_keeps_the_interval_inside_one_hundred_percent():
    estimate = share_estimate(15, 15)
    assert estimate.value == 1.0 and estimate.high == pytest.approx(1.0)
    assert 0.75 < estimate.low < 1.0


def test_a_difference_of_means_is_welchs():
    a = [5, 4, 5, 5, 4, 3, 5, 4, 5, 5]
    b = [3, 4, 2, 3, 3, 4, 2, 3, 3, 4, 3]
    diff = mean_difference(a, b)
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    t = (np.mean(a) - np.mean(b)) / math.sqrt(va + vb)
    half = sp.t.ppf(0.975, df) * math.sqrt(va + vb)
    assert diff.value == pytest.approx(np.mean(a) - np.mean(b))
    assert diff.p == pytest.approx(2 * sp.t.sf(abs(t), df))
    assert diff.low == pytest.approx(diff.value - half)
    assert diff.high == pytest.approx(diff.value + half)


def test_differences_with_one_answer_or_no_spread_are_not_made_up():
    assert mean_difference([4], [3, 4, 5]).p is None
    assert mean_difference([], [3, 4]) is None
    same = mean_difference([3, 3, 3], [3, 3])
    assert (same.value, same.p, same.low, same.high) == (0.0, 1.0, 0.0, 0.0)
    apart = mean_difference([4, 4, 4], [3, 3])
    assert apart.value == 1.0 and apart.p is None


def test_a_difference_of_shares_has_a_test_and_an_interval():
    diff = share_difference(30, 50, 20, 50)
    assert diff.value == pytest.approx(0.2)
    assert diff.low < 0.2 < diff.high
    # Agresti–Caffo: add one success and one failure to each group, then Wald.
    p1, p2 = 31 / 52, 21 / 52
    se = math.sqrt(p1 * (1 - p1) / 52 + p2 * (1 - p2) / 52)
    z = sp.norm.ppf(0.975)
    assert diff.low == pytest.approx(p1 - p2 - z * se)
    assert diff.high == pytest.approx(p1 - p2 + z * se)
    assert diff.p == pytest.approx(2 * sp.norm.sf((p1 - p2) / se))


def test_all_yes_on_both_sides_is_no_difference_not_an_error():
    diff = share_difference(12, 12, 20, 20)
    assert diff.value == 0 and diff.p > 0.5
    assert diff.low < 0 < diff.high
    holm_adjust([diff])
    assert not is_clear(diff)


def test_holm_multiplies_the_smallest_p_by_the_family_size():
    diffs = [Difference(1, None, None, p) for p in (0.01, 0.04, 0.03)]
    diffs.append(Difference(0, None, None, None))
    assert holm_adjust([*diffs, None]) == 3
    # Holm: sorted 0.01×3 = 0.03, 0.03×2 = 0.06, 0.04×1 → max so far 0.06.
    assert [d.p_adjusted for d in diffs[:3]] == pytest.approx([0.03, 0.06, 0.06])
    assert diffs[3].p_adjusted is None
    assert [is_clear(d) for d in diffs] == [True, False, False, False]
