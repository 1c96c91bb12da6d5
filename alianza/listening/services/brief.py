"""The findings brief's text: written by staff per language, first drafted from the figures.

The draft names the top concerns and a few key figures, worded in the brief's language;
staff change whatever they like before publishing. Figures in the draft follow the same
small-group rule as the findings page (a count below the smallest group size is never
written out).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alianza.listening.models import FindingsBrief, FindingsBriefText, Survey
from alianza.listening.selectors.findings import Findings, findings_summary

TOP_CONCERNS = 5


def brief_text(survey: Survey, language: str) -> FindingsBriefText | None:
    return FindingsBriefText.objects.filter(brief__survey=survey, language=language).first()


def _title(survey: Survey, language: str) -> str:
    text = survey.text(language)
    return text.title if text else survey.slug


def _concern_lines(findings: Findings) -> list[str]:
    lines: list[str] = []
    for summary in findings.ranking_questions:
        lines.append(summary.label)
        for row in summary.ranked[:TOP_CONCERNS]:
            line = f"{row.position}. {row.label}"
            if row.first >= findings.minimum and summary.answered:
                line += " — " + _("%(percent)d%% put it first") % {
                    "percent": round(100 * row.first / summary.answered)}
            if row.too_close:
                line += " " + _("(too close to separate from the next)")
            lines.append(line)
        lines.append("")
    return lines


def _key_figures(findings: Findings) -> list[str]:
    lines = []
    for summary in findings.questions:
        if summary.type != "single" or summary.too_few:
            continue
        shown = [row for row in summary.rows if not row.suppressed and row.percent is not None]
        if shown:
            top = max(shown, key=lambda row: row.count)
            lines.append(_("%(answer)s: %(percent)d%% of those who answered “%(question)s”.")
                         % {"question": summary.label, "answer": top.label,
                            "percent": round(top.percent)})
    return lines


def brief_draft(survey: Survey, language: str) -> dict[str, str]:
    """Title, summary, body and recommendations drafted from the figures, in ``language``."""
    with translation.override(language):
        findings = findings_summary(survey, language=language)
        title = _("What we heard: %(survey)s") % {"survey": _title(survey, language)}
        if not findings.enough:
            return {"title": title, "summary": _("Not enough responses yet."), "body": "",
                    "recommendations": ""}
        summary = ngettext("%(count)d person answered the survey.",
                           "%(count)d people answered the survey.",
                           findings.responses) % {"count": findings.responses}
        body = "\n".join([*_concern_lines(findings), *_key_figures(findings)]).strip()
        return {"title": title, "summary": summary, "body": body, "recommendations": ""}


def brief_text_save(*, survey: Survey, language: str, title: str, summary: str, body: str,
                    recommendations: str, user=None) -> FindingsBriefText:
    if language not in (survey.languages or ["en", "es"]):
        raise ValidationError(_("The survey is not written in that language."),
                              code="language")
    with transaction.atomic():
        brief, _created = FindingsBrief.objects.get_or_create(survey=survey)
        text = FindingsBriefText.objects.filter(brief=brief, language=language).first() \
            or FindingsBriefText(brief=brief, language=language)
        text.title, text.summary = title.strip(), summary.strip()
        text.body, text.recommendations = body.strip(), recommendations.strip()
        text.full_clean()
        text.save()
        brief.updated_by = user
        brief.save(update_fields=["updated_by", "updated_at"])
    return text
