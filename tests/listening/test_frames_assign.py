"""Assigning respondents to frames: balanced, reproducible, safe under concurrency, and
frames frozen once anyone has seen them."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from alianza.listening.frames.assign import (
    FramesFrozenError,
    NoFramesError,
    frame_assign,
    frame_delete,
    frame_for_slot,
    frame_save,
    survey_frames,
)
from alianza.listening.models import Frame, Survey
from alianza.listening.services.surveys import survey_create

from .factories import frame_survey


def test_the_same_seed_and_slot_always_give_the_same_frame():
    frames = ["control", "hope", "fairness"]
    first = [frame_for_slot(12345, frames, slot) for slot in range(300)]
    again = [frame_for_slot(12345, frames, slot) for slot in range(300)]
    assert first == again


def test_another_seed_gives_another_order():
    frames = ["control", "hope", "fairness"]
    one = [frame_for_slot(1, frames, slot) for slot in range(60)]
    other = [frame_for_slot(2, frames, slot) for slot in range(60)]
    assert one != other


def test_counts_never_differ_by_more_than_one_over_ten_thousand_slots():
    frames = ["control", "a", "b", "c"]
    counts = Counter()
    for slot in range(10_000):
        counts[frame_for_slot(987654321, frames, slot)] += 1
        assert max(counts.values()) - min(counts.get(f, 0) for f in frames) <= 1
    assert counts == {frame: 2_500 for frame in frames}


def test_the_order_within_blocks_is_not_always_the_same():
    frames = ["control", "a", "b"]
    blocks = {tuple(frame_for_slot(7, frames, block * 3 + i) for i in range(3))
              for block in range(50)}
    assert len(blocks) > 1


def test_no_frames_is_refused_clearly():
    with pytest.raises(NoFramesError):
        frame_for_slot(1, [], 0)


@pytest.mark.django_db
def test_assignments_take_consecutive_slots_and_follow_the_seed():
    survey = frame_survey(frames=3)
    frames = survey_frames(survey)
    given = [frame_assign(survey=survey) for _ in range(9)]
    assert [slot for _frame, slot in given] == list(range(9))
    assert [frame for frame, _slot in given] == [
        frame_for_slot(survey.frame_seed, frames, slot) for slot in range(9)]
    assert Counter(frame.key for frame, _slot in given) == {"control": 3, "f1": 3, "f2": 3}
    survey.refresh_from_db()
    assert survey.frame_slots_used == 9


@pytest.mark.django_db
def test_a_survey_without_frames_cannot_assign():
    survey = survey_create(slug="empty-frames", kind=Survey.Kind.FRAMES, languages=["en"])
    with pytest.raises(NoFramesError):
        frame_assign(survey=survey)


@pytest.mark.django_db
def test_frames_can_be_changed_until_someone_is_assigned():
    survey = frame_survey(frames=2)
    added = frame_save(survey=survey, key="hope", title={"en": "Hope"},
                       text={"en": "Hope.", "es": "Esperanza."})
    assert added.position == 2
    frame_assign(survey=survey)
    with pytest.raises(FramesFrozenError):
        frame_save(survey=survey, key="late", title={"en": "Late"}, text={"en": "Late."})
    with pytest.raises(FramesFrozenError):
        frame_save(survey=survey, frame=added, key="hope", title={"en": "Changed"},
                   text={"en": "Changed."})
    with pytest.raises(FramesFrozenError):
        frame_delete(frame=added)
    assert Frame.objects.get(pk=added.pk).title == {"en": "Hope"}
    assert Frame.objects.filter(survey=survey).count() == 3


@pytest.mark.django_db
def test_marking_a_new_control_unmarks_the_old_one():
    survey = frame_survey(frames=2)
    frame_save(survey=survey, key="plain", title={"en": "Plain"}, text={"en": "P."},
               is_control=True)
    assert list(Frame.objects.filter(survey=survey, is_control=True)
                .values_list("key", flat=True)) == ["plain"]


@pytest.mark.django_db(transaction=True)
def test_forty_respondents_arriving_at_once_get_forty_distinct_slots():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (DATABASE_URL): SQLite serializes writers anyway.")
    survey = frame_survey(frames=3)
    count = 40
    barrier = threading.Barrier(count)

    def run(_n: int):
        try:
            barrier.wait()
            return frame_assign(survey=survey)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        given = list(pool.map(run, range(count)))

    slots = sorted(slot for _frame, slot in given)
    assert slots == list(range(count))
    counts = Counter(frame.key for frame, _slot in given)
    assert max(counts.values()) - min(counts.values()) <= 1
    survey.refresh_from_db()
    assert survey.frame_slots_used == count
