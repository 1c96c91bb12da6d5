"""The plain-language summary of a frame test, in the reader's language.

Every sentence is a translated string with placeholders, chosen by what the numbers allow
one to say: a frame "raised" or "lowered" an outcome only when the difference stays below
5 % after Holm's correction for every comparison on the page; otherwise "no clear
difference", with the interval that shows how large a difference could still hide; and
"not enough responses yet to tell" when a group is below the smallest size shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alianza.coalition.places import COUNTY_NAMES
from alianza.listening.frames.results import MEAN, FrameResult, GroupResult, OutcomeResult
from alianza.listening.frames.stats import is_clear
from alianza.listening.models import RespondentType
from alianza.listening.models.surveys import text_in


@dataclass
class Labels:
    """Wording per language: frames by id, outcomes and their counted choice by name."""

    frames: dict[int, dict]
    outcomes: dict[str, dict]
    success: dict[str, dict]


def _language_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


def group_label(dimension: str, key: str) -> str:
    """A group's heading: "Everyone", "Parent or caregiver", "Spanish", "Fresno County"."""
    if not dimension:
        return _("All respondents")
    if not key:
        return _("Not stated")
    if dimension == "respondent_type":
        return str(dict(RespondentType.choices).get(key, key))
    if dimension == "language":
        return capfirst(_language_name(key))
    return _("%(county)s County") % {"county": COUNTY_NAMES.get(key, key)}


def segment_phrase(dimension: str, key: str) -> str:
    """The group as the start of a sentence: "among parents and caregivers"."""
    if not dimension:
        return _("among all respondents")
    if not key:
        return _("among respondents who did not say")
    if dimension == "respondent_type":
        return {
            RespondentType.STUDENT: _("among students"),
            RespondentType.PARENT: _("among parents and caregivers"),
            RespondentType.EDUCATOR: _("among educators"),
            RespondentType.COMMUNITY: _("among community members"),
            RespondentType.ORGANIZATION: _("among organizations"),
        }.get(key, _("among respondents of type “%(type)s”") % {"type": key})
    if dimension == "language":
        return _("among those who answered in %(language)s") % {
            "language": _language_name(key)}
    return _("among respondents in %(county)s County") % {
        "county": COUNTY_NAMES.get(key, key)}


def _number(value: float, digits: int = 1) -> str:
    # "+ 0.0" rather than "-0.0" when a tiny negative difference rounds to nothing.
    return number_format(round(value, digits) + 0.0, digits)


def _points(value: float) -> str:
    return number_format(round(value * 100), 0)


def _sentence(group: GroupResult, outcome: OutcomeResult, result: FrameResult,
              labels: Labels, family: int, has_control: bool, language: str) -> str:
    diff = result.difference
    assert diff is not None
    mean = outcome.outcome.kind == MEAN
    scale = outcome.outcome
    fmt = _number if mean else _points
    params = {
        "segment": capfirst(segment_phrase(group.dimension, group.key)),
        "frame": text_in(labels.frames.get(result.frame.id), language) or result.frame.key,
        "outcome": text_in(labels.outcomes.get(scale.name), language) or scale.name,
        "option": text_in(labels.success.get(scale.name), language) or scale.success,
        "reference": _("the control") if has_control else _("the other frames together"),
        "diff": fmt(abs(diff.value)),
        "signed": fmt(diff.value),
        "low": fmt(diff.low) if diff.low is not None else "",
        "high": fmt(diff.high) if diff.high is not None else "",
        "scale_min": _number(scale.scale_min or 0, 0),
        "scale_max": _number(scale.scale_max or 0, 0),
        "count": family,
    }
    if diff.low is None or diff.p is None:
        return _("%(segment)s, the “%(frame)s” frame and %(reference)s cannot be compared "
                 "on “%(outcome)s” yet: the answers do not vary enough to tell.") % params
    if is_clear(diff):
        if mean and scale.scale_min is not None and scale.scale_max is not None:
            text = (_("%(segment)s, the “%(frame)s” frame raised the average answer to "
                      "“%(outcome)s” by %(diff)s points on a %(scale_min)s-to-%(scale_max)s "
                      "scale compared with %(reference)s (95%% CI %(low)s to %(high)s).")
                    if diff.value > 0 else
                    _("%(segment)s, the “%(frame)s” frame lowered the average answer to "
                      "“%(outcome)s” by %(diff)s points on a %(scale_min)s-to-%(scale_max)s "
                      "scale compared with %(reference)s (95%% CI %(low)s to %(high)s)."))
        elif mean:
            text = (_("%(segment)s, the “%(frame)s” frame raised the average answer to "
                      "“%(outcome)s” by %(diff)s compared with %(reference)s (95%% CI "
                      "%(low)s to %(high)s).")
                    if diff.value > 0 else
                    _("%(segment)s, the “%(frame)s” frame lowered the average answer to "
                      "“%(outcome)s” by %(diff)s compared with %(reference)s (95%% CI "
                      "%(low)s to %(high)s)."))
        else:
            text = (_("%(segment)s, the “%(frame)s” frame raised the share answering "
                      "“%(option)s” to “%(outcome)s” by %(diff)s percentage points compared "
                      "with %(reference)s (95%% CI %(low)s to %(high)s).")
                    if diff.value > 0 else
                    _("%(segment)s, the “%(frame)s” frame lowered the share answering "
                      "“%(option)s” to “%(outcome)s” by %(diff)s percentage points compared "
                      "with %(reference)s (95%% CI %(low)s to %(high)s)."))
        sure = ngettext(
            "This difference is unlikely to be chance.",
            "This difference is unlikely to be chance even after accounting for "
            "%(count)d comparisons.", family) % params
        return f"{text % params} {sure}"
    if mean:
        text = _("No clear difference: %(segment_lower)s, the “%(frame)s” frame and "
                 "%(reference)s gave similar answers to “%(outcome)s” (difference "
                 "%(signed)s points, 95%% CI %(low)s to %(high)s).")
    else:
        text = _("No clear difference: %(segment_lower)s, the share answering “%(option)s” "
                 "to “%(outcome)s” after the “%(frame)s” frame was close to %(reference)s "
                 "(difference %(signed)s percentage points, 95%% CI %(low)s to %(high)s).")
    params["segment_lower"] = segment_phrase(group.dimension, group.key)
    maybe = ngettext("It could be chance.",
                     "Once %(count)d comparisons are accounted for, it could be chance.",
                     family) % params
    return f"{text % params} {maybe}"


def group_summary(group: GroupResult, *, labels: Labels, family: int, has_control: bool,
                  min_n: int, language: str) -> list[str]:
    """The sentences for one group, in ``language``."""
    with translation.override(language):
        if not group.enough:
            return [ngettext(
                "Not enough responses yet to tell %(segment)s: each frame needs at least "
                "%(count)d answer from this group.",
                "Not enough responses yet to tell %(segment)s: each frame needs at least "
                "%(count)d answers from this group.", min_n) % {
                    "segment": segment_phrase(group.dimension, group.key), "count": min_n}]
        sentences = []
        for outcome in group.outcomes:
            for result in outcome.compared:
                sentences.append(_sentence(group, outcome, result, labels, family,
                                           has_control, language))
        return sentences
