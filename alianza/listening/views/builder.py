"""Staff survey pages: the list, creating a survey, its overview and editor, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.core.access import staff_required
from alianza.listening.forms_builder import SurveyForm
from alianza.listening.models import Survey
from alianza.listening.selectors.surveys import (
    status_label,
    surveys_staff_list,
    version_layout,
)
from alianza.listening.services.builder import (
    BuilderError,
    missing_translations,
    survey_publish,
    survey_status_set,
)
from alianza.listening.services.surveys import (
    survey_create,
    survey_text_save,
    version_draft_for,
)


@require_GET
@staff_required("listening.view_survey")
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "listening/staff/survey_list.html", {"rows": surveys_staff_list()})


@require_http_methods(["GET", "POST"])
@staff_required("listening.add_survey")
def survey_new(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None, initial={"languages": ["en", "es"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            survey = survey_create(slug=data["slug"], kind=data["kind"],
                                   languages=data["languages"], created_by=request.user)
            for code, texts in form.language_texts().items():
                survey_text_save(survey=survey, language=code, **texts)
        messages.success(request, _("The survey was created. Add its sections and "
                                    "questions."))
        return redirect("listening-staff-survey", survey.pk)
    return render(request, "listening/staff/survey_form.html", {"form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_required("listening.change_survey")
def survey_settings(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    form = SurveyForm(request.POST or None, survey=survey,
                      initial=SurveyForm.initial_from(survey))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            Survey.objects.filter(pk=survey.pk).update(
                languages=form.cleaned_data["languages"])
            for code, texts in form.language_texts().items():
                survey_text_save(survey=survey, language=code, **texts)
        messages.success(request, _("The survey's texts were saved."))
        return redirect("listening-staff-survey", survey.pk)
    return render(request, "listening/staff/survey_form.html",
                  {"form": form, "survey": survey}, status=400 if form.errors else 200)


@require_GET
@staff_required("listening.view_survey")
def survey_overview(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.prefetch_related("texts"), pk=survey_id)
    version = survey.versions.order_by("-number").first()
    text = survey.text()
    return render(request, "listening/staff/survey_editor.html", {
        "survey": survey, "version": version, "title": text.title if text else survey.slug,
        "sections": version_layout(version) if version else [],
        "missing": missing_translations(version) if version else [],
        "editable": version is not None and not version.is_frozen,
        "versions": list(survey.versions.order_by("-number")),
        "survey_languages": survey.languages, "status": status_label(survey),
    })


@require_POST
@staff_required("listening.change_survey")
def survey_draft_start(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    draft = version_draft_for(survey=survey)
    messages.success(request, _("Version %(number)d is a draft copied from the published "
                                "one; respondents keep seeing the published version until "
                                "you publish this one.") % {"number": draft.number})
    return redirect("listening-staff-survey", survey.pk)


@require_POST
@staff_required("listening.publish_survey")
def survey_publish_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    try:
        version = survey_publish(survey=survey)
    except BuilderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Version %(number)d is published and the survey is "
                                    "open.") % {"number": version.number})
    return redirect("listening-staff-survey", survey.pk)


@require_POST
@staff_required("listening.publish_survey")
def survey_status(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    try:
        survey_status_set(survey=survey, status=request.POST.get("status", ""))
    except BuilderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The survey is now %(status)s.")
                         % {"status": status_label(survey).lower()})
    return redirect("listening-staff-survey", survey.pk)
