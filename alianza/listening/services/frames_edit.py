"""Staff writing a frame test's frames: added, changed, reordered and removed, but only
until the first respondent is assigned (see ``alianza.listening.frames.assign``).

``frame_save`` quietly moves the control badge; staff editing by hand are refused a second
control instead, so a frame never loses its role without someone deciding it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from alianza.listening.frames.assign import (
    ensure_frames_editable,
    frame_delete,
    frame_save,
    survey_frames,
)
from alianza.listening.models import Frame, Survey


class FrameEditError(Exception):
    """A change to the frames refused with a message staff can act on; ``field`` names
    the form field the message belongs beside."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def frame_control_other(*, survey: Survey, frame: Frame | None = None) -> Frame | None:
    """The survey's control frame, unless it is ``frame`` itself."""
    others = Frame.objects.filter(survey=survey, is_control=True)
    if frame is not None and frame.pk:
        others = others.exclude(pk=frame.pk)
    return others.first()


def frame_write(*, survey: Survey, key: str, title: dict, text: dict,
                is_control: bool = False, frame: Frame | None = None) -> Frame:
    """Add or change a frame, refusing a second control and a key already taken."""
    ensure_frames_editable(survey)
    with transaction.atomic():
        _lock(survey)
        if is_control and (control := frame_control_other(survey=survey, frame=frame)):
            raise FrameEditError(
                _("“%(key)s” is already the control frame; a test has at most one. "
                  "Untick it there first.") % {"key": control.key}, field="is_control")
        taken = Frame.objects.filter(survey=survey, key=key)
        if frame is not None and frame.pk:
            taken = taken.exclude(pk=frame.pk)
        if taken.exists():
            raise FrameEditError(_("Another frame is already named “%(key)s”.")
                                 % {"key": key}, field="key")
        return frame_save(survey=survey, key=key, title=title, text=text,
                          is_control=is_control, frame=frame)


def frame_remove(*, frame: Frame) -> None:
    """Delete a frame and close the gap, so positions stay 0, 1, 2…"""
    survey = frame.survey
    with transaction.atomic():
        _lock(survey)
        frame_delete(frame=frame)
        _renumber(survey_frames(survey))


def frame_move(*, frame: Frame, step: int) -> None:
    """Swap a frame with its neighbour above (step -1) or below (step 1)."""
    survey = frame.survey
    with transaction.atomic():
        _lock(survey)
        ensure_frames_editable(survey)
        frames = survey_frames(survey)
        index = next((i for i, item in enumerate(frames) if item.pk == frame.pk), None)
        if index is None or not 0 <= index + step < len(frames):
            return  # deleted meanwhile, or already at the end: nothing to move
        other = index + step
        frames[index], frames[other] = frames[other], frames[index]
        _renumber(frames)


def _lock(survey: Survey) -> None:
    """Hold the survey's row until commit. Assignment takes the same row (its slot counter),
    so on PostgreSQL a frame change and a first respondent never interleave, and two staff
    saving at once cannot both add a control."""
    Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk").first()


def _renumber(frames: list[Frame]) -> None:
    for position, item in enumerate(frames):
        if item.position != position:
            Frame.objects.filter(pk=item.pk).update(position=position)
            item.position = position


def frame_missing_languages(frame: Frame, languages: list[str]) -> list[str]:
    """The survey's languages lacking this frame's title or message."""
    return [code for code in languages
            if not (frame.title or {}).get(code) or not (frame.text or {}).get(code)]
