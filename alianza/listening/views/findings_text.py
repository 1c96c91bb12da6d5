"""Open answers, per language and newest first, and the themes staff tag them with.

Reading the words needs ``listening.view_answer``; tagging and adding themes needs
``listening.change_answer``. The tag buttons post with htmx and get their own new state
back; without script they post the form and return to the page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from alianza.core.access import staff_required
from alianza.listening.models import Answer, Survey, Theme
from alianza.listening.selectors.findings_text import (
    question_label,
    text_answers_page,
    text_languages,
    theme_counts,
    theme_label,
)
from alianza.listening.services.themes import answer_theme_set, theme_create
from alianza.listening.views.findings import survey_title


def _answers_context(request: HttpRequest, survey: Survey) -> dict:
    language = get_language()
    languages = text_languages(survey)
    shown = request.GET.get("language", "")
    shown = shown if shown in languages else ""
    page = text_answers_page(survey, language=shown, page=request.GET.get("page"))
    themes = list(Theme.objects.filter(survey=survey))
    labels = {theme.pk: theme_label(theme, language) for theme in themes}
    rows = []
    for answer in page:
        tagged = {theme.pk for theme in answer.themes.all()}
        rows.append({"answer": answer, "question": question_label(answer, language),
                     "buttons": [(t, labels[t.pk], t.pk in tagged) for t in themes]})
    return {"survey": survey, "title": survey_title(survey, language), "page": page,
            "rows": rows, "themes": [(t, labels[t.pk]) for t in themes],
            "counts": theme_counts(survey, language=language), "answer_languages": languages,
            "shown_language": shown,
            "may_tag": request.user.has_perm("listening.change_answer")}


@staff_required("listening.view_answer")
def answers_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    return render(request, "listening/staff/findings/answers.html",
                  _answers_context(request, survey))


@require_POST
@staff_required("listening.view_answer", "listening.change_answer")
def theme_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    label = {"en": request.POST.get("label_en", ""), "es": request.POST.get("label_es", "")}
    try:
        theme_create(survey=survey, label=label)
    except ValidationError as error:
        context = _answers_context(request, survey)
        context.update({"theme_errors": error.messages, "label": label})
        return render(request, "listening/staff/findings/answers.html", context, status=400)
    return redirect(reverse("listening-staff-findings-answers", args=[survey.pk]))


@require_POST
@staff_required("listening.view_answer", "listening.change_answer")
def answer_tag(request: HttpRequest, survey_id: int, answer_id: int,
               theme_id: int) -> HttpResponse:
    answer = get_object_or_404(Answer.objects.select_related("response"), pk=answer_id,
                               response__survey_id=survey_id)
    theme = get_object_or_404(Theme, pk=theme_id, survey_id=survey_id)
    tagged = request.POST.get("tagged") == "1"
    answer_theme_set(answer=answer, theme=theme, tagged=tagged)
    if request.headers.get("HX-Request"):
        return render(request, "listening/staff/findings/_tag_button.html", {
            "survey": answer.response.survey, "answer": answer, "theme": theme,
            "label": theme_label(theme, get_language()), "on": tagged})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("listening-staff-findings-answers", args=[survey_id])
    return redirect(back)
