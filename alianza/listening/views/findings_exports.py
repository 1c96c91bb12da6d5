"""Downloads: the findings' figures (aggregates, ``listening.view_survey``) and the
responses with their codebook (``listening.view_response``; contact details only with
``listening.view_responsecontact``)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from alianza.core.access import staff_required
from alianza.listening.exports.figures import figures_csv_chunks
from alianza.listening.exports.responses import (
    ResponseTable,
    codebook_csv_chunks,
    responses_csv_chunks,
    responses_xlsx,
)
from alianza.listening.models import Survey
from alianza.listening.selectors.findings import findings_summary
from alianza.listening.views.findings import method_from

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_name(survey: Survey, what: str, extension: str) -> str:
    return f"{survey.slug}-{what}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _download(chunks, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _table(request: HttpRequest, survey_id: int) -> ResponseTable:
    survey = get_object_or_404(Survey, pk=survey_id)
    return ResponseTable(survey, with_contacts=request.user.has_perm(
        "listening.view_responsecontact"))


@staff_required("listening.view_survey")
def figures_csv(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    findings = findings_summary(survey, language=get_language(), method=method_from(request))
    return _download(figures_csv_chunks(findings), _file_name(survey, "figures", "csv"))


@staff_required("listening.view_survey", "listening.view_response")
def responses_csv(request: HttpRequest, survey_id: int) -> HttpResponse:
    table = _table(request, survey_id)
    return _download(responses_csv_chunks(table),
                     _file_name(table.survey, "responses", "csv"))


@staff_required("listening.view_survey", "listening.view_response")
def codebook_csv(request: HttpRequest, survey_id: int) -> HttpResponse:
    table = _table(request, survey_id)
    return _download(codebook_csv_chunks(table), _file_name(table.survey, "codebook", "csv"))


@staff_required("listening.view_survey", "listening.view_response")
def responses_xlsx_download(request: HttpRequest, survey_id: int) -> HttpResponse:
    table = _table(request, survey_id)
    return FileResponse(responses_xlsx(table), as_attachment=True, content_type=XLSX,
                        filename=_file_name(table.survey, "responses", "xlsx"))
