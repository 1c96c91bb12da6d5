"""A survey's questions as findings see them: one entry per question name, across versions.

A question keeps its name from one version to the next, so its answers add up; its wording
and the order of its choices come from the newest version that asks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alianza.listening.models import Question, QuestionType, Survey
from alianza.listening.models.surveys import text_in

CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.RANKING}
NUMBER_TYPES = {QuestionType.RATING, QuestionType.NUMBER}
PLACE_TYPES = {QuestionType.COUNTY, QuestionType.DISTRICT}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}


@dataclass
class QuestionInfo:
    name: str
    type: str
    label: dict
    ids: list[int] = field(default_factory=list)
    # value -> label per language, in the newest version's order
    options: dict[str, dict] = field(default_factory=dict)
    option_ids: dict[int, str] = field(default_factory=dict)
    other_option_ids: list[int] = field(default_factory=list)
    scale_min: int | None = None
    scale_max: int | None = None
    max_ranked: int = 0
    allows_other: bool = False

    def text(self, language: str | None = None) -> str:
        return text_in(self.label, language) or self.name

    def option_text(self, value: str, language: str | None = None) -> str:
        return text_in(self.options.get(value), language) or value

    @property
    def ranked_k(self) -> int:
        """How many ranks a respondent could give: the top ``max_ranked``, else all."""
        return self.max_ranked or len(self.options)


def survey_questions(survey: Survey) -> dict[str, QuestionInfo]:
    """Every answerable question of the survey's published versions, by name, in order."""
    questions = (Question.objects
                 .filter(version__survey=survey, version__published_at__isnull=False)
                 .exclude(type=QuestionType.NOTE)
                 .prefetch_related("options")
                 .order_by("-version__number", "section__position", "position"))
    infos: dict[str, QuestionInfo] = {}
    for question in questions:
        info = infos.get(question.name)
        if info is None:
            info = infos[question.name] = QuestionInfo(
                name=question.name, type=question.type, label=question.label,
                scale_min=question.scale_min, scale_max=question.scale_max,
                max_ranked=question.max_ranked, allows_other=question.allows_other)
        info.ids.append(question.pk)
        for option in question.options.all():
            info.options.setdefault(option.value, option.label)
            info.option_ids[option.pk] = option.value
            if option.is_other:
                info.other_option_ids.append(option.pk)
    return infos
