"""Staff pages: importing an XLSForm, exporting a version as one, and the preview."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alianza.core.access import staff_required
from alianza.listening.forms_builder import ImportForm
from alianza.listening.models import Survey
from alianza.listening.models.surveys import text_in
from alianza.listening.selectors.surveys import version_for_view, version_layout
from alianza.listening.services.builder_import import survey_import_xlsform
from alianza.listening.xlsform.exporter import version_to_xlsform
from alianza.listening.xlsform.reader import MAX_UPLOAD_BYTES, XLSFormError


@require_http_methods(["GET", "POST"])
@staff_required("listening.add_survey", "listening.change_survey")
def xlsform_import(request: HttpRequest, survey_id: int | None = None) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id) if survey_id else None
    form = ImportForm(request.POST or None, request.FILES or None)
    if survey is not None:
        del form.fields["slug"]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise XLSFormError(_("The file is larger than %(size)d MB; an XLSForm is much "
                                     "smaller.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
            version = survey_import_xlsform(
                data=upload.read(), file_name=upload.name, survey=survey,
                slug=form.cleaned_data.get("slug", ""), created_by=request.user)
        except XLSFormError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The XLSForm was imported: %(count)d questions in "
                                        "version %(number)d, a draft.") % {
                "count": version.questions.count(), "number": version.number})
            return redirect("listening-staff-survey", version.survey_id)
    return render(request, "listening/staff/xlsform_import.html", {
        "form": form, "survey": survey, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        status=400 if form.errors else 200)


@require_GET
@staff_required("listening.view_survey")
def xlsform_export(request: HttpRequest, survey_id: int, number: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    version = version_for_view(survey, number)
    if version is None:
        return redirect("listening-staff-survey", survey.pk)
    response = HttpResponse(
        version_to_xlsform(version),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="{survey.slug}-v{version.number}.xlsx"')
    return response


@require_GET
@staff_required("listening.view_survey")
def survey_preview(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.prefetch_related("texts"), pk=survey_id)
    try:
        number = int(request.GET.get("version", ""))
    except ValueError:
        number = None
    version = version_for_view(survey, number)
    languages = list(survey.languages) or [settings.LANGUAGE_CODE]
    language = request.GET.get("lang", "")
    if language not in languages:
        language = languages[0]
    phone = request.GET.get("phone") == "1"
    sections = version_layout(version) if version else []
    for row in sections:
        row.title = text_in(row.section.title, language)
        for item in row.questions:
            question = item.question
            item.label = text_in(question.label, language)
            item.hint = text_in(question.hint, language)
            item.options = [(option.value, text_in(option.label, language))
                            for option in question.options.all()]
            item.min_label = text_in(question.scale_min_label, language)
            item.max_label = text_in(question.scale_max_label, language)
            item.scale = list(range(question.scale_min, question.scale_max + 1)) if (
                question.type == "rating" and question.scale_min is not None
                and question.scale_max is not None
                and question.scale_max - question.scale_min <= 20) else []
    text = survey.text(language)
    names = dict(settings.LANGUAGES)
    return render(request, "listening/staff/survey_preview.html", {
        "survey": survey, "version": version, "sections": sections, "language": language,
        "survey_languages": [(code, names.get(code, code)) for code in languages], "phone": phone,
        "survey_title": text.title if text else survey.slug,
        "survey_intro": text.intro if text else "",
    })
