"""The findings brief as a PDF per language (WeasyPrint), with the charts, and as a library
resource holding both PDFs, so readers find it with the coalition's reports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alianza.core.site import site_name
from alianza.library.models import Kind, Resource
from alianza.library.services.resources import (
    resource_create,
    resource_publish,
    resource_text_save,
)
from alianza.listening.models import FindingsBrief, FindingsBriefText, Survey
from alianza.listening.selectors.findings import findings_summary

CHARTED_TYPES = {"single", "multiple", "rating"}


def brief_pdf_html(*, text: FindingsBriefText) -> str:
    survey = text.brief.survey
    language = text.language
    with translation.override(language):
        findings = findings_summary(survey, language=language)
        charts = [s for s in findings.questions
                  if s.chart and s.answered and not s.too_few
                  and (s.ranked or s.type in CHARTED_TYPES)]
        return render_to_string("listening/brief/pdf.html", {
            "text": text, "findings": findings, "charts": charts, "language": language,
            "site_name": site_name(), "survey": survey})


def brief_pdf(*, text: FindingsBriefText) -> bytes:
    from weasyprint import HTML

    return HTML(string=brief_pdf_html(text=text)).write_pdf()


def brief_file_name(text: FindingsBriefText) -> str:
    return f"{text.brief.survey.slug}-findings-{text.language}.pdf"


def brief_resource_slug(survey: Survey) -> str:
    return f"listening-findings-{survey.slug}"[:120]


def brief_library_publish(*, survey: Survey) -> Resource:
    """Create or refresh the brief's library resource, one text and PDF per language."""
    brief = FindingsBrief.objects.filter(survey=survey).first()
    texts = [t for t in (brief.texts.all() if brief else []) if t.title.strip()]
    if not texts:
        raise ValidationError(_("Write and save the brief before publishing it."),
                              code="empty")
    if not findings_summary(survey, language=texts[0].language).enough:
        raise ValidationError(_("Not enough responses yet to publish findings."),
                              code="too_few")
    # WeasyPrint takes a second or more per language: make the files before the transaction.
    pdfs = {text.language: brief_pdf(text=text) for text in texts}
    with transaction.atomic():
        resource = brief.resource or Resource.objects.filter(
            slug=brief_resource_slug(survey)).first() or resource_create(
            kind=Kind.REPORT, slug=brief_resource_slug(survey),
            published_on=timezone.localdate())
        for text in texts:
            resource_text_save(
                resource=resource, language=text.language, title=text.title,
                summary=text.summary[:1000],
                upload=SimpleUploadedFile(brief_file_name(text), pdfs[text.language],
                                          "application/pdf"))
        if not resource.is_published:
            resource_publish(resource=resource)
        if brief.resource_id != resource.pk:
            brief.resource = resource
            brief.save(update_fields=["resource"])
    return resource
