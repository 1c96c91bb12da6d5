"""The findings page's figures: counts, percentages, ranked concerns, and small groups."""

from __future__ import annotations

import pytest

from alianza.listening.findings import ranking
from alianza.listening.selectors.findings import findings_summary

from .factories import needs_survey
from .findings_data import record_many

pytestmark = pytest.mark.django_db


def by_name(findings):
    return {s.info.name: s for s in findings.questions}


def test_choices_are_counted_as_percentages_of_those_who_answered():
    survey = needs_survey()
    record_many(survey, 12, {"role": "parent", "child_grade": "3", "county": "19",
                             "top_concerns": ["translation", "tutoring"], "satisfaction": 4})
    record_many(survey, 13, {"role": "student", "top_concerns": ["tutoring"]})
    summary = by_name(findings_summary(survey, language="en"))

    role = {row.key: row for row in summary["role"].rows}
    assert summary["role"].answered == 25
    assert (role["parent"].count, round(role["parent"].percent)) == (12, 48)
    assert (role["student"].count, role["student"].percent) == (13, 52.0)
    assert summary["satisfaction"].answered == 12
    assert summary["satisfaction"].numbers.mean == 4
    assert summary["child_grade"].numbers.count == 12


def test_a_survey_with_fewer_responses_than_the_smallest_group_shows_nothing_yet():
    survey = needs_survey()
    record_many(survey, 9, {"role": "parent", "child_grade": 4, "top_concerns": ["tutoring"]})
    findings = findings_summary(survey, language="en")
    assert not findings.enough and findings.questions == []


def test_twelve_parents_and_three_students_show_the_students_only_as_fewer_than_ten():
    survey = needs_survey()
    record_many(survey, 12, {"role": "parent", "child_grade": 4, "top_concerns": ["tutoring"]})
    record_many(survey, 3, {"role": "student", "top_concerns": ["tutoring"]})
    role = {row.key: row for row in by_name(findings_summary(survey, language="en"))["role"].rows}
    assert not role["parent"].suppressed and role["parent"].count == 12
    # The students and the empty "other" are both blanked, so 15 - 12 can't be split.
    assert role["student"].suppressed and role["other"].suppressed


def test_concerns_are_ranked_by_borda_points_with_intervals_and_close_ones_flagged():
    survey = needs_survey()
    record_many(survey, 20, {"role": "student",
                             "top_concerns": ["translation", "tutoring", "bilingual"]})
    record_many(survey, 10, {"role": "student",
                             "top_concerns": ["tutoring", "translation", "reclass"]})
    ranked = by_name(findings_summary(survey, language="en"))["top_concerns"].ranked
    # Points (k=3): translation 20*3+10*2=80, tutoring 20*2+10*3=70, bilingual 20, reclass 10
    assert [r.key for r in ranked] == ["translation", "tutoring", "bilingual", "reclass",
                                       "counselors"]
    assert round(ranked[0].score, 4) == round(80 / 30, 4)
    assert ranked[0].first == 20
    assert ranked[0].low < ranked[0].score < ranked[0].high
    # translation [2.49, 2.85] and tutoring [2.15, 2.51] overlap: too close to separate;
    # so do bilingual [0.49, 0.85] and reclass [0.15, 0.51]; nobody ranked counselors.
    assert [r.too_close for r in ranked] == [True, True, True, True, False]
    assert (round(ranked[0].low, 2), round(ranked[0].high, 2)) == (2.49, 2.85)


def test_mean_rank_counts_only_those_who_ranked_the_option():
    survey = needs_survey()
    record_many(survey, 20, {"role": "student", "top_concerns": ["translation", "tutoring"]})
    record_many(survey, 5, {"role": "student", "top_concerns": ["reclass"]})
    ranked = by_name(findings_summary(survey, language="en",
                                      method=ranking.MEAN_RANK))["top_concerns"].ranked
    assert [(r.key, r.score, r.ranked_by) for r in ranked[:3]] == [
        ("reclass", 1.0, 5), ("translation", 1.0, 20), ("tutoring", 2.0, 20)]
    assert ranked[-1].ranked_by == 0


def test_the_interval_uses_the_t_distribution():
    mean, low, high = ranking.mean_interval(4, 10, 30)  # values 1,2,3,4
    assert mean == 2.5
    assert round(high - mean, 3) == 2.054  # t(0.975, 3) = 3.182 * sd 1.291 / 2
