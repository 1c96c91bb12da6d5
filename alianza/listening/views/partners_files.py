"""Downloads for partners: a QR code per partner and language (SVG or PNG), and the
printable paper form per language, for a partner or none."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alianza.core.access import staff_required
from alianza.listening.models import Partner, Survey
from alianza.listening.paper.pdf import NothingToPrint, paper_pdf
from alianza.listening.paper.qr import qr_png, qr_svg
from alianza.listening.selectors.partners import partner_link, survey_languages

QR_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@staff_required("listening.view_partner")
def partner_qr(request: HttpRequest, survey_id: int, partner_id: int, language: str,
               fmt: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    partner = get_object_or_404(Partner, pk=partner_id, survey=survey)
    if language not in survey_languages(survey) or fmt not in QR_FORMATS:
        raise Http404
    link = partner_link(survey=survey, code=partner.code, language=language)
    content = (qr_svg(link, title=_("Survey link for %(partner)s") % {"partner": partner.name})
               if fmt == "svg" else qr_png(link))
    return _download(content, QR_FORMATS[fmt],
                     f"{survey.slug}-{partner.code}-{language}.{fmt}")


@require_GET
@staff_required("listening.view_partner")
def paper_download(request: HttpRequest, survey_id: int, language: str) -> HttpResponse:
    """``?partner=<id>`` prints that partner's code, QR code and link on the form."""
    survey = get_object_or_404(Survey.objects.select_related("current_version"), pk=survey_id)
    if language not in survey_languages(survey):
        raise Http404
    partner = None
    partner_id = request.GET.get("partner", "")
    if partner_id:
        if not partner_id.isdigit():
            raise Http404
        partner = get_object_or_404(Partner, pk=int(partner_id), survey=survey)
    try:
        pdf = paper_pdf(survey=survey, language=language, partner=partner)
    except NothingToPrint:
        raise Http404(_("This survey has no published version to print yet.")) from None
    return _download(pdf.content, "application/pdf", pdf.name)
