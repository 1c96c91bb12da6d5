"""The findings brief: edit it per language (drafted from the figures), see each language's
PDF, and publish both to the library."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, get_language_info, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alianza.core.access import staff_required
from alianza.listening.models import Survey
from alianza.listening.selectors.findings import submitted_count
from alianza.listening.services.brief import brief_draft, brief_text, brief_text_save
from alianza.listening.services.brief_pdf import brief_file_name, brief_library_publish, brief_pdf
from alianza.listening.views.findings import survey_title


class BriefTextForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200)
    summary = forms.CharField(label=pgettext_lazy("document", "Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=gettext_lazy("What we heard"), required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy("Drafted from the ranked concerns and key figures; change it "
                               "freely. A blank line starts a new paragraph."))
    recommendations = forms.CharField(label=gettext_lazy("Recommendations, one a line"),
                                      required=False, widget=forms.Textarea(attrs={"rows": 6}))


def _languages(survey: Survey) -> list[str]:
    return survey.languages or ["en", "es"]


def _forms(request: HttpRequest, survey: Survey) -> list[tuple[str, str, BriefTextForm, bool]]:
    result = []
    for code in _languages(survey):
        text = brief_text(survey, code)
        initial = ({"title": text.title, "summary": text.summary, "body": text.body,
                    "recommendations": text.recommendations} if text
                   else brief_draft(survey, code))
        data = request.POST if request.method == "POST" else None
        name = get_language_info(code)["name_translated"] if code in ("en", "es") else code
        result.append((code, name, BriefTextForm(data, initial=initial, prefix=code),
                       text is not None))
    return result


@staff_required("listening.view_survey", "listening.change_survey")
def brief_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    language_forms = _forms(request, survey)
    if request.method == "POST" and all(form.is_valid() for _c, _n, form, _s in language_forms):
        for code, _name, form, _saved in language_forms:
            brief_text_save(survey=survey, language=code, user=request.user,
                            **form.cleaned_data)
        messages.success(request, _("The brief is saved."))
        return redirect("listening-staff-findings-brief", survey.pk)
    return render(request, "listening/staff/findings/brief.html", {
        "survey": survey, "title": survey_title(survey, get_language()),
        "language_forms": language_forms,
        "all_saved": all(saved for _c, _n, _f, saved in language_forms),
        "enough": submitted_count(survey) >= survey.min_group_size,
        "may_publish": request.user.has_perm("library.publish_resource"),
        "resource": getattr(getattr(survey, "brief", None), "resource", None),
    }, status=400 if request.method == "POST" else 200)


@staff_required("listening.view_survey")
def brief_pdf_view(request: HttpRequest, survey_id: int, language: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    text = brief_text(survey, language)
    if text is None:
        raise Http404(_("This brief has no text in that language yet."))
    response = HttpResponse(brief_pdf(text=text), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{brief_file_name(text)}"'
    return response


@require_POST
@staff_required("listening.view_survey", "listening.change_survey", "library.publish_resource")
def brief_publish(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    try:
        brief_library_publish(survey=survey)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The brief is in the library, in each language."))
    return redirect("listening-staff-findings-brief", survey.pk)
