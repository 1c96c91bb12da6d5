"""Surveys, responses and answers in the full site export."""

from __future__ import annotations

from alianza.core.site_export import site_export_register, site_export_register_models


def register() -> None:
    from alianza.listening import models as m

    site_export_register_models(
        m.Survey, m.SurveyText, m.SurveyVersion, m.Section, m.Question, m.Option, m.Frame,
        m.Theme, m.FindingsBrief, m.FindingsBriefText, order=500,
    )
    # The partner's entry code lets anyone enter responses for that partner.
    site_export_register(model=m.Partner, order=520, exclude=("code",))
    # The resume and submission keys are keyed hashes of the respondent's cookie.
    site_export_register(model=m.Response, order=521,
                         exclude=("resume_key", "submission_key"))
    site_export_register_models(m.Answer, m.Answer.themes.through, m.ResponseContact,
                                order=522)
