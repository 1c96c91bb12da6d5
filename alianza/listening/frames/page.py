"""What the frame results page shows: the chosen audience, and each figure formatted with
its interval drawn as a bar, from the results of ``frames.results``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alianza.listening.frames.results import (
    DIMENSIONS,
    EVERYONE,
    MEAN,
    GroupResult,
    frame_results,
)
from alianza.listening.frames.summary import group_label, group_summary
from alianza.listening.models.surveys import text_in
from alianza.listening.selectors.frames import FrameTest, outcome_rows


@dataclass(frozen=True)
class Audience:
    dimension: str = EVERYONE
    only: str | None = None

    @property
    def value(self) -> str:
        if not self.dimension:
            return "all"
        return self.dimension if self.only is None else f"{self.dimension}:{self.only}"


def audience_parse(raw: str | None, known: dict[str, list[str]]) -> Audience:
    """``all``, a dimension (``language``: every group side by side), or ``dimension:group``;
    anything else is everyone, and a group nobody belongs to is ignored."""
    dimension, _sep, only = (raw or "").partition(":")
    if dimension not in DIMENSIONS:
        return Audience()
    if _sep and only in known.get(dimension, []):
        return Audience(dimension, only)
    return Audience(dimension)


def audience_choices(known: dict[str, list[str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    names = {"respondent_type": _("Who is answering"),
             "language": pgettext("frame results audience", "Language"),
             "county": pgettext("frame results audience", "County")}
    choices = [("", [("all", _("All respondents"))])]
    for dimension in DIMENSIONS:
        options = [(dimension, _("Each group side by side"))]
        options += [(f"{dimension}:{key}", group_label(dimension, key))
                    for key in known.get(dimension, [])]
        choices.append((names[dimension], options))
    return choices


@dataclass
class Figure:
    title: str
    is_control: bool
    n: int
    shown: bool
    value: str = ""
    interval: str = ""
    bar: dict | None = None
    difference: str = ""
    difference_interval: str = ""
    p_adjusted: str = ""
    clear: bool = False


@dataclass
class Table:
    label: str
    kind: str
    measure: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Group:
    label: str
    tables: list[Table]
    summaries: list[tuple[str, str, list[str]]]  # (language code, heading, sentences)
    enough: bool


def _fmt(value: float | None, mean: bool) -> str:
    if value is None:
        return ""
    if mean:
        return number_format(round(value, 2), 2)
    return f"{number_format(round(value * 100), 0)} %"


def _bar(low: float | None, value: float, high: float | None, axis: tuple[float, float]) -> dict:
    start, end = axis
    span = (end - start) or 1

    def place(x: float) -> str:
        # A string, so the template never localizes it: "58,5" is not an SVG number.
        return f"{min(100.0, max(0.0, (x - start) / span * 100)):.2f}"

    return {"low": place(low if low is not None else value), "value": place(value),
            "high": place(high if high is not None else value)}


def _axis(group: GroupResult, outcome_index: int, test: FrameTest) -> tuple[float, float]:
    outcome = group.outcomes[outcome_index].outcome
    if outcome.kind != MEAN:
        return (0.0, 1.0)
    if outcome.scale_min is not None and outcome.scale_max is not None:
        return (float(outcome.scale_min), float(outcome.scale_max))
    bounds = [b for r in group.outcomes[outcome_index].frames if r.estimate
              for b in (r.estimate.low, r.estimate.high, r.estimate.value) if b is not None]
    return (min(bounds, default=0.0), max(bounds, default=1.0))


def _table(group: GroupResult, index: int, test: FrameTest) -> Table:
    result = group.outcomes[index]
    outcome = result.outcome
    mean = outcome.kind == MEAN
    question = test.questions[outcome.name]
    if mean:
        measure = pgettext("frame results", "Mean")
    else:
        measure = _("Share answering “%(option)s”") % {
            "option": text_in(test.labels.success.get(outcome.name)) or outcome.success}
    table = Table(label=text_in(question.label) or outcome.name, kind=outcome.kind,
                  measure=measure)
    axis = _axis(group, index, test)
    for frame_result in result.frames:
        frame = next(f for f in test.frames if f.pk == frame_result.frame.id)
        figure = Figure(title=text_in(frame.title) or frame.key, is_control=frame.is_control,
                        n=frame_result.n, shown=frame_result.shown)
        estimate = frame_result.estimate
        if estimate is not None and estimate.value is not None:
            figure.value = _fmt(estimate.value, mean)
            if estimate.low is not None:
                figure.interval = _("%(low)s to %(high)s") % {
                    "low": _fmt(estimate.low, mean), "high": _fmt(estimate.high, mean)}
            figure.bar = _bar(estimate.low, estimate.value, estimate.high, axis)
        diff = frame_result.difference
        if diff is not None:
            sign = "+" if diff.value > 0 else ""
            figure.difference = sign + (_fmt(diff.value, True) if mean else _(
                "%(points)s points") % {"points": number_format(round(diff.value * 100), 0)})
            if diff.low is not None:
                low, high = ((_fmt(diff.low, True), _fmt(diff.high, True)) if mean else
                             (number_format(round(diff.low * 100), 0),
                              number_format(round(diff.high * 100), 0)))
                figure.difference_interval = _("%(low)s to %(high)s") % {"low": low,
                                                                        "high": high}
            if diff.p_adjusted is not None:
                figure.p_adjusted = (f"< {number_format(0.001, 3)}"
                                     if diff.p_adjusted < 0.001
                                     else number_format(round(diff.p_adjusted, 3), 3))
                figure.clear = diff.p_adjusted < 0.05
        table.figures.append(figure)
    return table


def summary_languages(test: FrameTest) -> list[tuple[str, str]]:
    """The site's languages the survey is written in, the reader's own first."""
    site = dict(settings.LANGUAGES)
    codes = [code for code in (test.survey.languages or []) if code in site] or [
        settings.LANGUAGE_CODE]
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    codes.sort(key=lambda code: code != current)
    return [(code, translation.get_language_info(code)["name_local"]) for code in codes]


def results_page(test: FrameTest, audience: Audience) -> tuple[list[Group], int]:
    min_n = test.survey.min_group_size
    rows = outcome_rows(test.survey, [outcome.name for outcome in test.outcomes])
    groups, family = frame_results(rows, outcomes=test.outcomes, frames=test.infos,
                                   dimension=audience.dimension, only=audience.only,
                                   min_n=min_n)
    shown = []
    for group in groups:
        summaries = [(code, name, group_summary(group, labels=test.labels, family=family,
                                                has_control=test.has_control, min_n=min_n,
                                                language=code))
                     for code, name in summary_languages(test)]
        shown.append(Group(label=group_label(group.dimension, group.key),
                           tables=[_table(group, index, test)
                                   for index in range(len(group.outcomes))],
                           summaries=summaries, enough=group.enough))
    return shown, family
