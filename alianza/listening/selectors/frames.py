"""Reads for the frame results page: the outcome questions, the frames, and every outcome
answer in one query joined with its response's frame and audience fields."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from alianza.listening.frames.results import (
    MEAN,
    SHARE,
    FrameInfo,
    Outcome,
    Row,
)
from alianza.listening.frames.summary import Labels
from alianza.listening.models import (
    Answer,
    Frame,
    Question,
    QuestionType,
    Response,
    Survey,
)

MEAN_TYPES = {QuestionType.RATING, QuestionType.NUMBER}


@dataclass
class FrameTest:
    survey: Survey
    frames: list[Frame]
    outcomes: list[Outcome]
    labels: Labels
    questions: dict[str, Question]

    @property
    def infos(self) -> list[FrameInfo]:
        return [FrameInfo(id=frame.pk, key=frame.key, is_control=frame.is_control)
                for frame in self.frames]

    @property
    def has_control(self) -> bool:
        return any(frame.is_control for frame in self.frames)


def frame_test_for_staff(survey: Survey) -> FrameTest:
    """The frames and the outcome questions, as the newest published version asks them."""
    frames = list(Frame.objects.filter(survey=survey).order_by("position", "pk"))
    version_id = survey.current_version_id
    if version_id is None:
        version_id = survey.versions.order_by("-number").values_list("pk", flat=True).first()
    questions = list(Question.objects.filter(version_id=version_id, is_outcome=True)
                     .prefetch_related("options")
                     .order_by("section__position", "position"))
    outcomes, success_labels, by_name = [], {}, {}
    for question in questions:
        if question.type in MEAN_TYPES:
            outcomes.append(Outcome(name=question.name, kind=MEAN,
                                    scale_min=question.scale_min,
                                    scale_max=question.scale_max))
        elif question.type == QuestionType.SINGLE:
            options = list(question.options.all())
            if not options:
                continue
            # The first choice is the one counted ("yes" before "no").
            outcomes.append(Outcome(name=question.name, kind=SHARE, success=options[0].value))
            success_labels[question.name] = options[0].label
        else:
            continue
        by_name[question.name] = question
    labels = Labels(frames={frame.pk: frame.title for frame in frames},
                    outcomes={name: q.label for name, q in by_name.items()},
                    success=success_labels)
    return FrameTest(survey=survey, frames=frames, outcomes=outcomes, labels=labels,
                     questions=by_name)


def outcome_rows(survey: Survey, outcome_names: list[str]) -> list[Row]:
    """Every submitted outcome answer with its frame and audience, in one query."""
    answers = (Answer.objects
               .filter(response__survey=survey, response__status=Response.Status.SUBMITTED,
                       response__frame__isnull=False, question__name__in=outcome_names)
               .values_list("question__name", "option__value", "number",
                            "response__frame_id", "response__respondent_type",
                            "response__language", "response__county_code"))
    return [Row(*values) for values in answers.iterator(chunk_size=5000)]


def assigned_counts(survey: Survey) -> dict[int, int]:
    """Submitted responses per frame, whatever they answered."""
    return dict(Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED,
                                        frame__isnull=False)
                .order_by().values_list("frame_id").annotate(count=Count("pk")).values_list(
                    "frame_id", "count"))


def segment_values(survey: Survey) -> dict[str, list[str]]:
    """The groups present in the submitted responses, for the segment menu."""
    responses = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED,
                                        frame__isnull=False)
    values = {}
    for dimension, column in (("respondent_type", "respondent_type"),
                              ("language", "language"), ("county", "county_code")):
        found = {value.split("-")[0] if dimension == "language" else value
                 for value in responses.values_list(column, flat=True).distinct()}
        values[dimension] = sorted(found, key=lambda value: (value == "", value))
    return values
