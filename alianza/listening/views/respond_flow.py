"""What the respondent's pages share: finding the survey and this device's response,
the cookie that ties them, and the pages shown when the survey cannot be answered."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from alianza.listening import logic
from alianza.listening.models import Response, Survey
from alianza.listening.selectors.public import (
    Structure,
    survey_public,
    version_structure,
)
from alianza.listening.services.respond import response_for_token

COOKIE_PREFIX = "alz_survey_"
# Long enough to finish a survey over several weeks of a campaign.
COOKIE_MAX_AGE = 120 * 24 * 3600


def cookie_name(survey: Survey) -> str:
    return f"{COOKIE_PREFIX}{survey.pk}"


def token_of(request: HttpRequest, survey: Survey) -> str:
    return request.COOKIES.get(cookie_name(survey), "")


def set_token(response: HttpResponse, survey: Survey, token: str) -> None:
    # One path for every language prefix: switching language keeps the same response.
    response.set_cookie(cookie_name(survey), token, max_age=COOKIE_MAX_AGE, path="/",
                        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def forget_token(response: HttpResponse, survey: Survey) -> None:
    response.delete_cookie(cookie_name(survey), path="/", samesite="Lax")


def get_survey(slug: str) -> Survey:
    survey = survey_public(slug)
    if survey is None:
        raise Http404
    return survey


def language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def survey_text(survey: Survey):
    return survey.text(language())


def closed_page(request: HttpRequest, survey: Survey, *,
                in_progress: bool = False) -> HttpResponse:
    return render(request, "listening/respond/closed.html", {
        "survey": survey, "text": survey_text(survey), "in_progress": in_progress,
    })


@dataclass
class Flow:
    """The survey, this device's in-progress response and the version it answers."""

    survey: Survey
    response: Response
    structure: Structure
    token: str

    def visible(self, number: int, answers: dict | None = None) -> bool:
        page = self.structure.pages[number - 1]
        return logic.evaluate(page.section.condition,
                              self.response.draft if answers is None else answers)

    def next_visible(self, after: int, answers: dict | None = None) -> int | None:
        for number in range(after + 1, len(self.structure.pages) + 1):
            if self.visible(number, answers):
                return number
        return None

    def previous_visible(self, before: int) -> int | None:
        for number in range(before - 1, 0, -1):
            if self.visible(number):
                return number
        return None


def flow_for(request: HttpRequest, survey: Survey) -> Flow | None:
    token = token_of(request, survey)
    response = response_for_token(survey, token)
    if response is None:
        return None
    return Flow(survey=survey, response=response,
                structure=version_structure(response.version), token=token)
