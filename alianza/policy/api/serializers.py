"""Action alerts and supporters' submissions in the shapes Action Network gives OSDI
advocacy campaigns and outreaches.

Targets carry Open Civic Data division ids: a campaign's are the chambers it writes to
(California's state division), an outreach's are the legislators written to, each with
their district's division id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, prefetch_related_objects
from django.http import HttpRequest

from alianza.core.i18n import pick_text
from alianza.core.osdi import (
    osdi_href,
    osdi_identifiers,
    osdi_identifiers_map,
    osdi_link,
    osdi_time,
)
from alianza.core.osdi.links import osdi_browser_url, osdi_language
from alianza.policy.models import ActionCampaign, ActionLetter, ActionSubmission, Chamber

ORIGIN = "Alianza"
STATE_DIVISION = "ocd-division/country:us/state:ca"
CHAMBER_TITLES = {Chamber.LOWER: "California State Assembly",
                  Chamber.UPPER: "California State Senate"}
ROLE_TITLES = {Chamber.LOWER: "Assemblymember", Chamber.UPPER: "Senator"}


def campaign_browser_url(campaign: ActionCampaign) -> str | None:
    return osdi_browser_url("policy-action", slug=campaign.slug, public=campaign.is_live)


def campaigns_serialize(request: HttpRequest, campaigns: Iterable[ActionCampaign]
                        ) -> list[dict[str, Any]]:
    campaigns = list(campaigns)
    if not campaigns:
        return []
    prefetch_related_objects(campaigns, "texts", "bill", "budget_item")
    # An outreach is a supporter's confirmed submission (their letters in one go).
    totals = dict(ActionSubmission.objects.filter(
        campaign__in=campaigns, confirmed_at__isnull=False,
    ).values("campaign_id").annotate(n=Count("pk")).values_list("campaign_id", "n"))
    foreign = osdi_identifiers_map(ActionCampaign, [c.pk for c in campaigns])
    language = osdi_language()
    return [_campaign(request, c, totals.get(c.pk, 0), foreign.get(c.pk, []), language)
            for c in campaigns]


def _campaign(request: HttpRequest, campaign: ActionCampaign, total: int,
              foreign: list[str], language: str) -> dict[str, Any]:
    texts = list(campaign.texts.all())
    text = pick_text(texts, language)
    uuid = str(campaign.uuid)
    about: dict[str, Any] | None = None
    if campaign.bill is not None:
        about = {"bill": campaign.bill.identifier}
    elif campaign.budget_item is not None:
        about = {"budget_item": campaign.budget_item.name}
    return {
        "identifiers": osdi_identifiers(campaign, foreign),
        "origin_system": ORIGIN,
        "created_date": osdi_time(campaign.created_at),
        "modified_date": osdi_time(campaign.updated_at),
        "name": campaign.slug,
        "title": text.title if text else campaign.slug,
        "description": text.call_to_action if text else None,
        "browser_url": campaign_browser_url(campaign),
        "type": "email" if campaign.emails_offices else "letter",
        "total_outreaches": total,
        "targets": [{"title": CHAMBER_TITLES[chamber], "ocdid": STATE_DIVISION,
                     "alianza:chamber": chamber} for chamber in campaign.chambers],
        "alianza:status": "live" if campaign.is_live else "closed",
        "alianza:delivery": campaign.delivery,
        "alianza:about": about,
        "alianza:texts": {t.language: {"title": t.title, "description": t.call_to_action,
                                       "letter_subject": t.letter_subject}
                          for t in texts},
        "_links": {
            "self": osdi_link(request, "advocacy_campaigns", uuid),
            "osdi:outreaches": osdi_link(request, "advocacy_campaigns", uuid, "outreaches"),
            "osdi:record_outreach_helper": osdi_link(request, "advocacy_campaigns", uuid,
                                                     "outreaches"),
        },
    }


def _target(letter: ActionLetter) -> dict[str, Any]:
    legislator = letter.legislator
    return {
        "title": ROLE_TITLES.get(letter.chamber, ""),
        "given_name": legislator.given_name or None,
        "family_name": legislator.family_name or None,
        "ocdid": letter.district.division_id,
        "alianza:name": legislator.name,
        "alianza:openstates_id": legislator.openstates_id or None,
        "alianza:district": letter.district.number,
        "alianza:letter_status": letter.status,
    }


def outreaches_serialize(request: HttpRequest, submissions: Iterable[ActionSubmission]
                         ) -> list[dict[str, Any]]:
    submissions = list(submissions)
    if not submissions:
        return []
    prefetch_related_objects(submissions, "campaign", "supporter")
    letters: dict[int, list[ActionLetter]] = {}
    for letter in (ActionLetter.objects.filter(submission__in=submissions)
                   .select_related("legislator", "district").order_by("chamber", "pk")):
        letters.setdefault(letter.submission_id, []).append(letter)
    foreign = osdi_identifiers_map(ActionSubmission, [s.pk for s in submissions])
    return [_outreach(request, s, letters.get(s.pk, []), foreign.get(s.pk, []))
            for s in submissions]


def _outreach(request: HttpRequest, submission: ActionSubmission,
              letters: list[ActionLetter], foreign: list[str]) -> dict[str, Any]:
    campaign = submission.campaign
    campaign_uuid = str(campaign.uuid)
    links: dict[str, Any] = {
        "self": osdi_link(request, "advocacy_campaigns", campaign_uuid, "outreaches",
                          str(submission.uuid)),
        "osdi:advocacy_campaign": osdi_link(request, "advocacy_campaigns", campaign_uuid),
    }
    person_uuid = getattr(submission.supporter, "uuid", None)
    if person_uuid:
        links["osdi:person"] = {"href": osdi_href(request, "people", str(person_uuid))}
    first = letters[0] if letters else None
    confirmed = submission.confirmed_at is not None
    return {
        "identifiers": osdi_identifiers(submission, foreign),
        "origin_system": ORIGIN,
        "created_date": osdi_time(submission.created_at),
        "modified_date": osdi_time(submission.modified_at),
        "type": "email" if campaign.emails_offices else "letter",
        # Each office gets the supporter's own words; the first letter stands for them all,
        # and every letter is under ``alianza:letters``.
        "subject": first.subject if first else None,
        "message": first.body if first else None,
        "targets": [_target(letter) for letter in letters],
        "alianza:status": "confirmed" if confirmed else "unconfirmed",
        "alianza:confirmed_date": osdi_time(submission.confirmed_at),
        "alianza:language": submission.language,
        "alianza:letters": [{"ocdid": letter.district.division_id, "subject": letter.subject,
                             "message": letter.body, "status": letter.status,
                             "language": letter.language}
                            for letter in letters],
        "_links": links,
    }

