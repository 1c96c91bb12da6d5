"""The frame-writing services on their own: the rules hold whichever page calls them."""

from __future__ import annotations

import pytest

from alianza.listening.frames.assign import FramesFrozenError, frame_assign, survey_frames
from alianza.listening.models import Frame
from alianza.listening.services.frames_edit import (
    FrameEditError,
    frame_missing_languages,
    frame_move,
    frame_remove,
    frame_write,
)

from .factories import frame_survey

pytestmark = pytest.mark.django_db

WORDS = {"title": {"en": "Hope", "es": "Esperanza"}, "text": {"en": "Hi.", "es": "Hola."}}


def test_a_second_control_is_refused_and_the_first_keeps_its_role():
    survey = frame_survey(frames=2)
    with pytest.raises(FrameEditError) as refused:
        frame_write(survey=survey, key="hope", is_control=True, **WORDS)
    assert refused.value.field == "is_control"
    assert list(Frame.objects.filter(survey=survey, is_control=True)
                .values_list("key", flat=True)) == ["control"]
    assert not Frame.objects.filter(survey=survey, key="hope").exists()


def test_the_control_itself_may_be_saved_again_as_control():
    survey = frame_survey(frames=2)
    control = survey_frames(survey)[0]
    frame_write(survey=survey, frame=control, key="neutral", is_control=True, **WORDS)
    control.refresh_from_db()
    assert (control.key, control.is_control) == ("neutral", True)


def test_nothing_is_written_moved_or_removed_once_someone_is_assigned():
    survey = frame_survey(frames=2)
    frame_assign(survey=survey)
    control, other = survey_frames(survey)
    with pytest.raises(FramesFrozenError):
        frame_write(survey=survey, key="late", **WORDS)
    with pytest.raises(FramesFrozenError):
        frame_move(frame=other, step=-1)
    with pytest.raises(FramesFrozenError):
        frame_remove(frame=other)
    assert [f.key for f in survey_frames(survey)] == ["control", "f1"]


def test_moving_past_either_end_changes_nothing():
    survey = frame_survey(frames=2)
    control, other = survey_frames(survey)
    frame_move(frame=control, step=-1)
    frame_move(frame=other, step=1)
    assert [(f.key, f.position) for f in survey_frames(survey)] == [("control", 0), ("f1", 1)]


def test_a_language_lacking_the_title_or_the_message_is_reported():
    survey = frame_survey(frames=2)
    frame = frame_write(survey=survey, key="half", title={"en": "Half", "es": "Mitad"},
                        text={"en": "Only English."})
    assert frame_missing_languages(frame, ["en", "es"]) == ["es"]
    assert frame_missing_languages(survey_frames(survey)[0], ["en", "es"]) == []
