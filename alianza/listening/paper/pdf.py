"""The printable survey: every section and question of the published version, in one
language, for one partner or none, made into a PDF by WeasyPrint.

The partner's code is printed on every page, so a page that comes back on its own is still
counted for the partner who handed it out; the first page carries the partner's QR code and
link for anyone who would rather answer online.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from alianza.core.site import site_name
from alianza.listening.models import Partner, RespondentType, Survey
from alianza.listening.paper.layout import paper_layout
from alianza.listening.paper.qr import qr_data_uri
from alianza.listening.selectors.partners import partner_link, survey_link


class NothingToPrint(Exception):
    """The survey has no published version yet."""


@dataclass
class PaperPdf:
    name: str
    content: bytes


def contact_wording() -> str:
    """The opt-in as the respondent reads it, on the web and on paper (active language)."""
    return _("You may contact me about this survey.")


def paper_html(*, survey: Survey, language: str, partner: Partner | None = None) -> str:
    version = survey.current_version
    if version is None:
        raise NothingToPrint(survey.pk)
    with translation.override(language):
        link = (partner_link(survey=survey, code=partner.code, language=language)
                if partner is not None else survey_link(survey=survey, language=language))
        text = survey.text(language)
        return render_to_string("listening/paper/form_pdf.html", {
            "language": language,
            "site_name": site_name(),
            "survey": survey,
            "title": text.title if text else survey.slug,
            "intro": text.intro if text else "",
            "partner": partner,
            "link": link,
            "qr": qr_data_uri(link),
            "sections": paper_layout(version, language),
            "respondent_types": RespondentType.choices if survey.ask_respondent_type else [],
            "contact_wording": contact_wording() if survey.ask_contact else "",
        })


def paper_pdf(*, survey: Survey, language: str, partner: Partner | None = None) -> PaperPdf:
    from weasyprint import HTML  # imported here: it takes a moment, and only this needs it

    html = paper_html(survey=survey, language=language, partner=partner)
    suffix = f"-{partner.code}" if partner is not None else ""
    return PaperPdf(f"{survey.slug}-{language}{suffix}.pdf", HTML(string=html).write_pdf())
