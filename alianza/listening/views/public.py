"""The list of open surveys: one cheap page, two queries however many surveys."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from alianza.listening.selectors.public import surveys_open_list


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    surveys = [{"survey": survey, "text": survey.text(language),
                "languages": [translation.get_language_info(code)["name_local"].capitalize()
                              for code in survey.languages
                              if code in dict(_site_languages())]}
               for survey in surveys_open_list()]
    return render(request, "listening/survey_list.html", {"surveys": surveys})


def _site_languages() -> list[tuple[str, str]]:
    from django.conf import settings

    return settings.LANGUAGES
