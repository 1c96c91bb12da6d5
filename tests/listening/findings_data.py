"""Responses for the findings tests, recorded the way respondents' answers are."""

from __future__ import annotations

from alianza.listening.models import Survey
from alianza.listening.services.responses import response_record, version_questions


def record_many(survey: Survey, count: int, answers: dict, *, language: str = "en",
                respondent_type: str = "", partner=None) -> None:
    version = survey.current_version
    questions = version_questions(version)
    for _index in range(count):
        response_record(version=version, answers=answers, language=language,
                        respondent_type=respondent_type, partner=partner,
                        questions=questions)
