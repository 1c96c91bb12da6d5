"""Listening: surveys (needs assessments and narrative frame tests), the partners who carry
them, the responses, and what staff make of them."""

from alianza.listening.models.brief import FindingsBrief, FindingsBriefText
from alianza.listening.models.responses import (
    Answer,
    Partner,
    Response,
    ResponseContact,
    Theme,
)
from alianza.listening.models.surveys import (
    Frame,
    Option,
    Question,
    QuestionType,
    RespondentType,
    Section,
    Survey,
    SurveyText,
    SurveyVersion,
)

__all__ = [
    "Answer", "FindingsBrief", "FindingsBriefText", "Frame", "Option", "Partner", "Question",
    "QuestionType", "RespondentType",
    "Response", "ResponseContact", "Section", "Survey", "SurveyText", "SurveyVersion", "Theme",
]
