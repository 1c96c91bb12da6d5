"""Reading partners: each with its links and how many responses it collected.

The counts come from one grouped query over the survey's responses (the index on survey,
status and partner covers it), so the page can poll them every few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from alianza.coalition.models import Organization
from alianza.listening.models import Partner, Response, Survey


def _absolute(language: str, name: str, args: list, fallback: str) -> str:
    with translation.override(language):
        try:
            path = reverse(name, args=args)
        except NoReverseMatch:
            # The respondent's pages are built alongside; until their URLs are included
            # the address they will have is written out here.
            path = fallback
    return f"{settings.SITE_URL}{path}"


def partner_link(*, survey: Survey, code: str, language: str) -> str:
    """The absolute address a partner hands out: the survey, answered under its code."""
    return _absolute(language, "listening-survey-partner", [survey.slug, code],
                     f"/{language}/surveys/{survey.slug}/p/{code}/")


def survey_link(*, survey: Survey, language: str) -> str:
    """The survey's own address, for paper forms handed out without a partner."""
    return _absolute(language, "listening-survey", [survey.slug],
                     f"/{language}/surveys/{survey.slug}/")


def survey_languages(survey: Survey) -> list[str]:
    """The site's languages the survey is written in, in the site's order."""
    site = [code for code, _name in settings.LANGUAGES]
    chosen = [code for code in site if code in (survey.languages or [])]
    return chosen or [settings.LANGUAGE_CODE]


@dataclass
class Tally:
    submitted: int = 0
    in_progress: int = 0


@dataclass
class PartnerCounts:
    by_partner: dict[int, Tally] = field(default_factory=dict)
    direct: Tally = field(default_factory=Tally)  # no partner: the survey's own link
    total: Tally = field(default_factory=Tally)

    def of(self, partner_id: int) -> Tally:
        return self.by_partner.get(partner_id, Tally())


def partner_counts(survey: Survey) -> PartnerCounts:
    counts = PartnerCounts()
    rows = (Response.objects.filter(survey=survey).order_by()
            .values_list("partner_id", "status").annotate(n=Count("id")))
    for partner_id, status, n in rows:
        tally = counts.direct if partner_id is None else \
            counts.by_partner.setdefault(partner_id, Tally())
        if status == Response.Status.SUBMITTED:
            tally.submitted += n
            counts.total.submitted += n
        else:
            tally.in_progress += n
            counts.total.in_progress += n
    return counts


@dataclass
class PartnerRow:
    partner: Partner
    tally: Tally
    links: list[tuple[str, str]]  # (language, absolute link)


def partners_for_survey(survey: Survey) -> list[Partner]:
    return list(survey.partners.select_related("organization").order_by("name", "pk"))


def partner_rows(survey: Survey, counts: PartnerCounts | None = None) -> list[PartnerRow]:
    counts = counts or partner_counts(survey)
    languages = survey_languages(survey)
    return [PartnerRow(partner, counts.of(partner.pk),
                       [(language, partner_link(survey=survey, code=partner.code,
                                                language=language))
                        for language in languages])
            for partner in partners_for_survey(survey)]


def member_organizations_not_partners(survey: Survey):
    """The coalition's member organizations that do not carry this survey yet."""
    return (Organization.objects.filter(membership_status=Organization.Membership.MEMBER)
            .exclude(survey_partnerships__survey=survey).order_by("name"))
