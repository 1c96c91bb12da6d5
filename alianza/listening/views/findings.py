"""The findings page: every question's figures, the ranked concerns, a cross-tab chosen in
the address (so a view can be shared), and the themes of the open answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from alianza.core.access import staff_required
from alianza.listening.findings import ranking
from alianza.listening.models import Survey
from alianza.listening.selectors.findings import findings_summary
from alianza.listening.selectors.findings_crosstab import (
    DIMENSIONS,
    crosstab,
    crosstab_questions,
)
from alianza.listening.selectors.findings_text import theme_counts


def survey_title(survey: Survey, language: str) -> str:
    text = survey.text(language)
    return text.title if text else survey.slug


def method_from(request: HttpRequest) -> str:
    method = request.GET.get("method", "")
    return method if method in ranking.METHODS else ranking.BORDA


@staff_required("listening.view_survey")
def findings_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    language = get_language()
    method = method_from(request)
    findings = findings_summary(survey, language=language, method=method)
    question, by = request.GET.get("q", ""), request.GET.get("by", "")
    table = None
    if findings.enough and question and by:
        table = crosstab(survey, question_name=question, dimension=by, language=language)
    user = request.user
    return render(request, "listening/staff/findings/page.html", {
        "survey": survey, "title": survey_title(survey, language), "findings": findings,
        "method": method, "crosstab": table, "crosstab_asked": bool(question and by),
        "crosstab_questions": [(q.name, q.text(language)) for q in crosstab_questions(survey)],
        "dimensions": [(key, label) for key, (_field, label) in DIMENSIONS.items()],
        "q": question, "by": by,
        "themes": theme_counts(survey, language=language) if findings.enough else [],
        "may_read_answers": user.has_perm("listening.view_answer"),
        "may_export": user.has_perm("listening.view_response"),
        "may_edit_brief": user.has_perm("listening.change_survey"),
    })
