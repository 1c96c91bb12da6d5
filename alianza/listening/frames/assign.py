"""Assigning respondents to frames: balanced, random, and reproducible from the seed.

Each new respondent takes the survey's next slot (0, 1, 2, ...). Slots come in blocks of
``k`` (the number of frames); block ``b`` is a shuffle of the frames drawn from
``random.Random(f"{seed}:{b}")``. Every block shows each frame once, so after any number of
respondents the frames' counts differ by at most one, and the frame of any slot can be
recomputed from the seed alone — an auditor can check the assignment without trusting the
database.

The slot counter is taken with one ``UPDATE … SET frame_slots_used = frame_slots_used + 1``
inside the transaction, which locks the survey's row until commit: two respondents
arriving together on PostgreSQL wait for each other and never share a slot.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from alianza.listening.models import Frame, Response, Survey

T = TypeVar("T")


class FramesFrozenError(Exception):
    """Frames cannot change once respondents have been assigned to them."""


class NoFramesError(Exception):
    """A frame test without frames cannot assign anyone."""


def frame_for_slot(seed: int, frames: Sequence[T], slot: int) -> T:
    """The frame of ``slot``: position ``slot % k`` in block ``slot // k``'s shuffle."""
    if not frames:
        raise NoFramesError(_("This frame test has no frames yet."))
    k = len(frames)
    block, place = divmod(slot, k)
    order = list(frames)
    random.Random(f"{seed}:{block}").shuffle(order)
    return order[place]


def survey_frames(survey: Survey) -> list[Frame]:
    """The frames in their one fixed order (position, then id), which the seed relies on."""
    return list(Frame.objects.filter(survey=survey).order_by("position", "pk"))


def frame_assign(*, survey: Survey) -> tuple[Frame, int]:
    """Take the survey's next slot and return its frame and the slot number."""
    frames = survey_frames(survey)
    if not frames:
        raise NoFramesError(_("This frame test has no frames yet."))
    with transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(
            frame_slots_used=F("frame_slots_used") + 1)
        used, seed = Survey.objects.filter(pk=survey.pk).values_list(
            "frame_slots_used", "frame_seed").get()
    slot = used - 1
    return frame_for_slot(seed, frames, slot), slot


def frames_frozen(survey: Survey) -> bool:
    """Whether anyone has been assigned: a slot taken or a response carrying a frame."""
    taken = Survey.objects.filter(pk=survey.pk).values_list("frame_slots_used", flat=True)
    return bool(taken.first()) or Response.objects.filter(
        survey=survey, frame__isnull=False).exists()


def ensure_frames_editable(survey: Survey) -> None:
    """Refuse to add, change or remove frames once assignment has started: the slots
    already given map to frames through their order, and respondents already saw them."""
    if frames_frozen(survey):
        raise FramesFrozenError(_("Respondents have already been shown these frames, so "
                                  "they can no longer be added, changed or removed. Make a "
                                  "new frame test instead."))


def frame_save(*, survey: Survey, key: str, title: dict, text: dict,
               is_control: bool = False, frame: Frame | None = None) -> Frame:
    """Add a frame at the end, or change ``frame``; refused once assignment has started."""
    ensure_frames_editable(survey)
    with transaction.atomic():
        if frame is None:
            last = survey_frames(survey)
            frame = Frame(survey=survey, position=(last[-1].position + 1) if last else 0)
        frame.key, frame.title, frame.text, frame.is_control = key, title, text, is_control
        frame.full_clean()
        if is_control:
            # One control at most: the comparison is against a single reference group.
            Frame.objects.filter(survey=survey, is_control=True).exclude(
                pk=frame.pk).update(is_control=False)
        frame.save()
    return frame


def frame_delete(*, frame: Frame) -> None:
    ensure_frames_editable(frame.survey)
    frame.delete()
