"""Typing in paper responses: every question of the published version on one page, in the
language of the paper form, then the next form with the same partner and language."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.access import staff_required
from alianza.listening.answers import answers_clean
from alianza.listening.forms_partners_entry import (
    PaperEntryForm,
    answers_from_post,
    entry_questions,
)
from alianza.listening.models import Survey
from alianza.listening.paper.layout import paper_layout
from alianza.listening.paper.pdf import contact_wording
from alianza.listening.selectors.partners import survey_languages
from alianza.listening.services.partners_paper import (
    SubmissionKeyElsewhere,
    paper_response_record,
    submission_key_new,
)
from alianza.listening.services.responses import AnswersRefused, version_questions


def _language(value: str, languages: list[str]) -> str:
    return value if value in languages else languages[0]


@require_http_methods(["GET", "POST"])
@staff_required("listening.add_response")
def paper_entry(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("current_version"), pk=survey_id)
    version = survey.current_version
    if version is None:
        return render(request, "listening/staff/partners/entry.html",
                      {"survey": survey, "unpublished": True})
    languages = survey_languages(survey)
    source = request.POST if request.method == "POST" else request.GET
    language = _language(source.get("language", ""), languages)
    questions = version_questions(version)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = PaperEntryForm(request.POST, survey=survey, languages=languages)
        raw, errors = answers_from_post(questions, request.POST)
        checked = answers_clean(questions, raw, final=True)
        errors = {**checked.errors, **errors}
        if form.is_valid() and not errors:
            outcome = _save(request, survey, form, raw)
            if isinstance(outcome, HttpResponse):
                return outcome
            errors = outcome
    else:
        partner = source.get("partner", "")
        form = PaperEntryForm(survey=survey, languages=languages, initial={
            "key": submission_key_new(), "language": language,
            "partner": partner if partner.isdigit() else None})
    sections = paper_layout(version, language)
    with_contact = survey.ask_contact
    return render(request, "listening/staff/partners/entry.html", {
        "survey": survey, "form": form, "language": language, "paper_languages": languages,
        "sections": entry_questions(sections, request.POST if request.method == "POST"
                                    else None, errors),
        "errors": errors, "with_contact": with_contact,
        "contact_wording": contact_wording() if with_contact else "",
    }, status=400 if request.method == "POST" else 200)


def _save(request: HttpRequest, survey: Survey, form: PaperEntryForm,
          raw: dict) -> HttpResponse | dict[str, str]:
    """The redirect to the next blank form, or the errors that kept this one from saving."""
    data = form.cleaned_data
    try:
        entry = paper_response_record(
            survey=survey, submission_key=data["key"], answers=raw,
            language=data["language"], partner=data["partner"],
            respondent_type=data.get("respondent_type", ""),
            contact=form.contact() if survey.ask_contact else None,
            entered_by=request.user)
    except AnswersRefused as refused:  # a new version was published under the form
        return refused.errors
    except SubmissionKeyElsewhere:
        form.add_error(None, _("This form is out of date. Reload the page and enter the "
                               "response again."))
        return {}
    if entry.created:
        messages.success(request, _("Saved. Enter the next one."))
    else:
        messages.info(request, _("This form had already been saved; it was not saved twice. "
                                 "Enter the next one."))
    query = {"language": data["language"]}
    if data["partner"] is not None:
        query["partner"] = data["partner"].pk
    return redirect(f"{reverse('listening-staff-paper-entry', args=[survey.pk])}?"
                    f"{urlencode(query)}")
