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
from django.utils.translation import gettext_noop
from ninja import Router

from alianza.coalition.models import Person
from alianza.core.osdi import osdi_get, osdi_require
from alianza.core.osdi.methods import osdi_not_allowed
from alianza.core.osdi.nested import OsdiNested, osdi_nested_register
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


def _person_submissions(person_id: str) -> QuerySet:
    person = osdi_get(Person.objects.all(), person_id, label=_("Person"))
    return ActionSubmission.objects.filter(supporter=person)


CAMPAIGNS = OsdiNested(
    module=__name__, name="advocacy_campaigns", parents=ActionCampaign.objects.all,
    parent_label=lambda: _("Advocacy campaign"), parent_out=AdvocacyCampaignOut,
    parents_serialize=campaigns_serialize, parent_filters=CAMPAIGN_FILTERS,
    children_name="outreaches", children_of=lambda campaign: ActionSubmission.objects.filter(
        campaign=campaign), children_of_person=_person_submissions,
    child_label=lambda: _("Outreach"), child_out=OutreachOut,
    children_serialize=outreaches_serialize, child_filters=OUTREACH_FILTERS,
    parent="campaign", parent_plural="campaigns", child="outreach",
    summaries=(gettext_noop("List advocacy campaigns (action alerts)"),
               gettext_noop("Get an advocacy campaign"),
               gettext_noop("List a campaign's outreaches"), gettext_noop("Get an outreach"),
               gettext_noop("List a person's outreaches"),
               gettext_noop("Get one of a person's outreaches")),
)
osdi_nested_register(CAMPAIGNS, router=router, people_router=people_router)


@router.post("{campaign_id}/outreaches", response=OutreachOut, by_alias=True,
             summary=gettext_noop(
                 "Record an outreach (a supporter's letters, sent once they confirm)"))
def campaign_outreach_record(request: HttpRequest, campaign_id: str, body: OutreachIn
                             ) -> dict[str, Any]:
    if body.add_tags:
        osdi_require(request.auth, "tags", write=True)  # tagging, as on the staff pages
    submission = outreach_record(campaign=_campaign(campaign_id), body=body)
    return outreaches_serialize(request, [submission])[0]


osdi_not_allowed(router, "{campaign_id}/outreaches/{outreach_id}", method="DELETE",
                 allowed="GET", module=__name__, name="campaign_outreach_delete",
                 summary=gettext_noop("Delete an outreach (not allowed)"),
                 reason=lambda: _("an outreach's letters go out once the supporter confirms "
                                  "them, and one never confirmed is cleared away by itself."))
