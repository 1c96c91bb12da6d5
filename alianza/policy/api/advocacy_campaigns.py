"""The advocacy campaigns and outreaches resources (/api/osdi/v1/advocacy_campaigns/…,
people/<id>/outreaches): action alerts and supporters' letters.

An outreach is one supporter's submission: their letters to their legislators, which go
out only once they confirm from their mailbox; the API gives them confirmed or not
(``alianza:status``). Recording one goes through the web's forms and service (record.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from alianza.coalition.models import Person
from alianza.core.osdi import osdi_collection, osdi_collection_schema, osdi_get
from alianza.policy.api.record import OutreachIn, outreach_record
from alianza.policy.api.schemas import AdvocacyCampaignOut, OutreachOut
from alianza.policy.api.serializers import campaigns_serialize, outreaches_serialize
from alianza.policy.models import ActionCampaign, ActionSubmission

router = Router()
people_router = Router()

CAMPAIGN_FILTERS = {"modified_date": "updated_at", "created_date": "created_at",
                    "name": "slug"}
OUTREACH_FILTERS = {"modified_date": "modified_at", "created_date": "created_at"}


def _campaign(identifier: str) -> ActionCampaign:
    return osdi_get(ActionCampaign.objects.all(), identifier, label=_("Advocacy campaign"))


def _outreaches(request: HttpRequest, submissions: QuerySet) -> dict[str, Any]:
    return osdi_collection(request, submissions, name="outreaches", filters=OUTREACH_FILTERS,
                           serialize=lambda rows: outreaches_serialize(request, rows))


@router.get("", response=osdi_collection_schema("advocacy_campaigns", AdvocacyCampaignOut),
            by_alias=True, summary="List advocacy campaigns (action alerts)")
def campaigns_list(request: HttpRequest) -> dict[str, Any]:
    return osdi_collection(request, ActionCampaign.objects.all(), name="advocacy_campaigns",
                           filters=CAMPAIGN_FILTERS,
                           serialize=lambda rows: campaigns_serialize(request, rows))


@router.get("{campaign_id}", response=AdvocacyCampaignOut, by_alias=True,
            summary="Get an advocacy campaign")
def campaign_get(request: HttpRequest, campaign_id: str) -> dict[str, Any]:
    return campaigns_serialize(request, [_campaign(campaign_id)])[0]


@router.get("{campaign_id}/outreaches", response=osdi_collection_schema(
    "outreaches", OutreachOut), by_alias=True, summary="List a campaign's outreaches")
def campaign_outreaches(request: HttpRequest, campaign_id: str) -> dict[str, Any]:
    campaign = _campaign(campaign_id)
    return _outreaches(request, ActionSubmission.objects.filter(campaign=campaign))


@router.post("{campaign_id}/outreaches", response=OutreachOut, by_alias=True,
             summary="Record an outreach (a supporter's letters, sent once they confirm)")
def campaign_outreach_record(request: HttpRequest, campaign_id: str, body: OutreachIn
                             ) -> dict[str, Any]:
    submission = outreach_record(campaign=_campaign(campaign_id), body=body)
    return outreaches_serialize(request, [submission])[0]


@router.get("{campaign_id}/outreaches/{outreach_id}", response=OutreachOut, by_alias=True,
            summary="Get an outreach")
def campaign_outreach(request: HttpRequest, campaign_id: str, outreach_id: str
                      ) -> dict[str, Any]:
    campaign = _campaign(campaign_id)
    submission = osdi_get(ActionSubmission.objects.filter(campaign=campaign), outreach_id,
                          label=_("Outreach"))
    return outreaches_serialize(request, [submission])[0]


def _person_submissions(person_id: str) -> QuerySet:
    person = osdi_get(Person.objects.all(), person_id, label=_("Person"))
    return ActionSubmission.objects.filter(supporter=person)


@people_router.get("{person_id}/outreaches", response=osdi_collection_schema(
    "outreaches", OutreachOut), by_alias=True, summary="List a person's outreaches")
def person_outreaches(request: HttpRequest, person_id: str) -> dict[str, Any]:
    return _outreaches(request, _person_submissions(person_id))


@people_router.get("{person_id}/outreaches/{outreach_id}", response=OutreachOut,
                   by_alias=True, summary="Get one of a person's outreaches")
def person_outreach(request: HttpRequest, person_id: str, outreach_id: str
                    ) -> dict[str, Any]:
    submission = osdi_get(_person_submissions(person_id), outreach_id, label=_("Outreach"))
    return outreaches_serialize(request, [submission])[0]
