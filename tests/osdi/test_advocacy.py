"""The advocacy campaigns and outreaches resources: action alerts and supporters' letters
in Action Network's shapes, with Open Civic Data division ids on the targets, and letters
recorded through the action alert's own forms and rules."""

from __future__ import annotations

import pytest

from alianza.coalition.models import Person
from alianza.outreach.models import Tag, Tagging
from alianza.policy.models import ActionCampaign, ActionLetter, ActionSubmission, Chamber
from alianza.policy.services.actions import confirm_token, submission_confirm
from tests.policy import f_factories as f

pytestmark = pytest.mark.django_db

CAMPAIGN_FIELDS = {"identifiers", "origin_system", "created_date", "modified_date", "title",
                   "description", "browser_url", "total_outreaches", "targets", "_links"}
OUTREACH_FIELDS = {"identifiers", "created_date", "modified_date", "type", "subject",
                   "message", "targets", "_links"}


@pytest.fixture
def seats():
    return f.legislature()


@pytest.fixture
def campaign(seats) -> ActionCampaign:
    return f.campaign()


def _lupita(**extra) -> dict:
    return {"person": {"given_name": "Guadalupe", "family_name": "Hernández",
                       "email_addresses": [{"address": "lupita@example.org"}],
                       "postal_addresses": [{"postal_code": "90033",
                                             "locality": "Boyle Heights"}],
                       "languages_spoken": ["es"]}, **extra}


def _outreach_path(campaign: ActionCampaign) -> str:
    return f"advocacy_campaigns/{campaign.uuid}/outreaches"


def _confirmed(submission: ActionSubmission) -> ActionSubmission:
    submission_confirm(token=confirm_token(submission_id=submission.pk,
                                           email=submission.email))
    submission.refresh_from_db()
    return submission


def test_the_campaigns_collection_has_action_networks_shape(osdi_get, campaign):
    body = osdi_get("advocacy_campaigns").json()
    assert body["total_records"] == 1
    item = body["_embedded"]["osdi:advocacy_campaigns"][0]
    assert item.keys() >= CAMPAIGN_FIELDS
    assert item["identifiers"] == [f"alianza:{campaign.uuid}"]
    assert item["title"] == "Write to your legislators about AB 2268"
    assert item["alianza:texts"]["es"]["title"].startswith("Escríbale")
    assert item["browser_url"].endswith("/policy/act/ab-2268/")
    assert [t["ocdid"] for t in item["targets"]] == ["ocd-division/country:us/state:ca"] * 2
    assert item["total_outreaches"] == 0
    assert item["_links"]["osdi:outreaches"]["href"].endswith(
        f"/advocacy_campaigns/{campaign.uuid}/outreaches")


def test_an_unknown_campaign_is_a_404(osdi_get):
    response = osdi_get("advocacy_campaigns/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and response.json()["error"]


def test_recording_an_outreach_finds_the_districts_from_the_zip_code_and_waits_for_the_supporter(
        osdi_post, osdi_get, campaign, seats):
    f.zips(("90033", Chamber.LOWER, 52), ("90033", Chamber.UPPER, 24))

    response = osdi_post(_outreach_path(campaign), _lupita())

    assert response.status_code == 200, response.content
    body = response.json()
    assert body.keys() >= OUTREACH_FIELDS
    assert body["type"] == "email"
    assert body["alianza:status"] == "unconfirmed"
    assert [t["ocdid"] for t in body["targets"]] == [
        "ocd-division/country:us/state:ca/sldl:52", "ocd-division/country:us/state:ca/sldu:24"]
    assert body["targets"][0]["family_name"] == "Martínez"
    # The campaign's own letter, in the supporter's language, until they confirm.
    assert body["message"].startswith("Estimado/a")
    assert set(ActionLetter.objects.values_list("status", flat=True)) == {
        ActionLetter.Status.UNCONFIRMED}
    assert osdi_get(f"advocacy_campaigns/{campaign.uuid}").json()["total_outreaches"] == 0


def test_a_confirmed_outreach_counts_and_links_the_person_and_campaign(
        osdi_post, osdi_get, campaign, seats):
    body = osdi_post(_outreach_path(campaign), _lupita(
        message="Please fund tutors.", **{"alianza:districts": {"lower": 53, "upper": 24}}
    )).json()
    submission = _confirmed(ActionSubmission.objects.get())

    again = osdi_get(body["_links"]["self"]["href"]).json()

    assert again["alianza:status"] == "confirmed" and again["alianza:confirmed_date"]
    assert again["message"] == "Please fund tutors."
    assert again["_links"]["osdi:advocacy_campaign"]["href"].endswith(
        f"/advocacy_campaigns/{campaign.uuid}")
    person = Person.objects.get(email="lupita@example.org")
    assert again["_links"]["osdi:person"]["href"].endswith(f"/people/{person.uuid}")
    mine = osdi_get(f"people/{person.uuid}/outreaches").json()
    assert [o["identifiers"] for o in mine["_embedded"]["osdi:outreaches"]] == [
        again["identifiers"]]
    assert osdi_get(f"people/{person.uuid}/outreaches/{submission.uuid}").status_code == 200
    assert osdi_get(f"advocacy_campaigns/{campaign.uuid}").json()["total_outreaches"] == 1
    listed = osdi_get(_outreach_path(campaign)).json()["_embedded"]["osdi:outreaches"]
    assert [o["identifiers"] for o in listed] == [[f"alianza:{submission.uuid}"]]


def test_a_zip_code_across_district_lines_asks_for_the_districts(osdi_post, campaign, seats):
    f.zips(("90033", Chamber.LOWER, 52), ("90033", Chamber.LOWER, 53),
           ("90033", Chamber.UPPER, 24))
    response = osdi_post(_outreach_path(campaign), _lupita())
    assert response.status_code == 400
    assert "alianza:districts" in response.json()["error"]
    assert not ActionSubmission.objects.exists()


def test_a_closed_campaign_takes_no_outreach(osdi_post, seats):
    closed = f.campaign(is_live=False)
    response = osdi_post(_outreach_path(closed), _lupita(
        **{"alianza:districts": {"lower": 52, "upper": 24}}))
    assert response.status_code == 400 and response.json()["error"]
    assert not ActionSubmission.objects.exists()


@pytest.mark.parametrize("body", [
    {"person": {"given_name": "Lupita", "email_addresses": [{"address": "l@example.org"}],
                "postal_addresses": [{"postal_code": "10001"}]}},  # not in California
    {"person": {"given_name": "Lupita", "email_addresses": [{"address": "l@example.org"}]}},
    {"person": {"email_addresses": [{"address": "l@example.org"}]},
     "alianza:districts": {"lower": 52, "upper": 24}},  # no name
    {"person": {"given_name": "Lupita", "email_addresses": [{"address": "l@example.org"}]},
     "alianza:districts": {"lower": 52, "upper": 24}, "message": "   "},  # empty letter
    {"person": {"given_name": "Lupita", "email_addresses": [{"address": "l@example.org"}]},
     "alianza:districts": {"lower": 81}},
    {"person": {"given_name": "Lupita", "email_addresses": [{"address": "l@example.org"}]},
     "alianza:districts": {"lower": 52, "upper": 24}, "add_tags": "volunteer"},
    {"person": {"given_name": "Lupita", "email_addresses": [{"address": "l@example.org"}]},
     "alianza:districts": {"lower": 52, "upper": 24}, "add_tags": [7]},
    {"person": "Lupita"},
])
def test_bad_outreach_bodies_are_400s_and_write_nothing(osdi_post, campaign, body):
    response = osdi_post(_outreach_path(campaign), body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert not ActionSubmission.objects.exists()


def test_a_read_only_token_cannot_record_outreaches(osdi_post, osdi_token, campaign):
    token = osdi_token(("advocacy_campaigns:read",))
    response = osdi_post(_outreach_path(campaign), _lupita(), token=token)
    assert response.status_code == 403
    assert not ActionSubmission.objects.exists()


def test_outreaches_are_filtered_by_modified_date(osdi_post, osdi_get, campaign, seats):
    osdi_post(_outreach_path(campaign), _lupita(
        **{"alianza:districts": {"lower": 52, "upper": 24}}))
    none = osdi_get(_outreach_path(campaign), filter="modified_date gt '2999-01-01'").json()
    some = osdi_get(_outreach_path(campaign), filter="modified_date gt '2000-01-01'").json()
    assert none["total_records"] == 0 and some["total_records"] == 1


def test_a_page_of_outreaches_takes_the_same_queries_for_one_or_many(api_client, campaign,
                                                                       seats):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = f"/api/osdi/v1/{_outreach_path(campaign)}"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get(path).status_code == 200
        return len(captured)

    def submit(n: int) -> None:
        body = _lupita(**{"alianza:districts": {"lower": 52, "upper": 24}})
        body["person"]["email_addresses"] = [{"address": f"s{n}@example.org"}]
        assert api_client.post(_outreach_path(campaign), body).status_code == 200

    submit(0)
    queries()  # the first request fills per-process caches (content types)
    once = queries()
    for n in range(1, 5):
        submit(n)
    assert queries() == once


def test_each_campaign_links_its_record_outreach_helper_to_the_post_that_records_one(
        osdi_get, osdi_post, campaign):
    item = osdi_get(f"advocacy_campaigns/{campaign.uuid}").json()
    helper = item["_links"]["osdi:record_outreach_helper"]["href"]
    assert helper == item["_links"]["osdi:outreaches"]["href"]
    response = osdi_post(helper, _lupita(**{"alianza:districts": {"lower": 52, "upper": 24}}))
    assert response.status_code == 200, response.content
    assert ActionSubmission.objects.filter(campaign=campaign).count() == 1


def test_add_tags_on_an_outreach_tag_the_supporter_by_name_or_slug_once_they_confirm(
        osdi_post, campaign):
    Tag.objects.create(slug="education-advocate", name="Education advocate")
    Tag.objects.create(slug="volunteer", name="Volunteer")
    response = osdi_post(_outreach_path(campaign), _lupita(
        add_tags=["Education Advocate", "volunteer", "unknown tag"],
        **{"alianza:districts": {"lower": 52, "upper": 24}}))
    assert response.status_code == 200, response.content
    # Like the letters, the tags wait for the address's owner: a client cannot tag a
    # record by sending someone else's address.
    assert response.json()["alianza:status"] == "unconfirmed"
    assert not Tagging.objects.exists()
    _confirmed(ActionSubmission.objects.get())
    person = Person.objects.get(email="lupita@example.org")
    assert sorted(Tagging.objects.filter(person=person).values_list("tag__slug", flat=True)) \
        == ["education-advocate", "volunteer"]
    assert not Tag.objects.filter(name="unknown tag").exists()


def test_an_outreach_never_confirmed_tags_nobody_even_someone_on_file(osdi_post, campaign):
    Tag.objects.create(slug="volunteer", name="Volunteer")
    on_file = Person.objects.create(email="lupita@example.org", name="Lupita Reyes")
    response = osdi_post(_outreach_path(campaign), _lupita(
        add_tags=["volunteer"], **{"alianza:districts": {"lower": 52, "upper": 24}}))
    assert response.status_code == 200, response.content
    assert ActionSubmission.objects.get().supporter == on_file
    assert not Tagging.objects.filter(person=on_file).exists()


def test_a_closed_campaign_tags_nobody(osdi_post, seats):
    Tag.objects.create(slug="volunteer", name="Volunteer")
    closed = f.campaign(is_live=False)
    response = osdi_post(_outreach_path(closed), _lupita(
        add_tags=["volunteer"], **{"alianza:districts": {"lower": 52, "upper": 24}}))
    assert response.status_code == 400 and response.json()["error"]
    assert not ActionSubmission.objects.exists() and not Tagging.objects.exists()


def test_outreaches_cannot_be_deleted(osdi_post, osdi_delete, campaign):
    osdi_post(_outreach_path(campaign), _lupita(
        **{"alianza:districts": {"lower": 52, "upper": 24}}))
    submission = ActionSubmission.objects.get()
    response = osdi_delete(f"{_outreach_path(campaign)}/{submission.uuid}")
    assert response.status_code == 405
    assert response["Allow"] == "GET" and response.json()["error"]
    assert ActionSubmission.objects.filter(pk=submission.pk).exists()


def test_a_read_only_token_cannot_delete_outreaches_either(osdi_delete, osdi_token, campaign):
    token = osdi_token(("advocacy_campaigns:read",))
    response = osdi_delete(f"{_outreach_path(campaign)}/00000000-0000-0000-0000-000000000000",
                           token=token)
    assert response.status_code == 403 and response.json()["error"]


def test_policy_staff_may_record_outreaches_but_not_tag_through_them(
        campaign, django_user_model, osdi_token):
    from django.contrib.auth.models import Group

    from alianza.core.roles import POLICY
    from tests.osdi.conftest import OsdiClient

    user = django_user_model.objects.create_user("policy", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=POLICY))
    client = OsdiClient(osdi_token(("*",), user=user))
    Tag.objects.create(slug="volunteer", name="Volunteer")
    districts = {"alianza:districts": {"lower": 52, "upper": 24}}
    response = client.post(_outreach_path(campaign), _lupita(add_tags=["volunteer"],
                                                             **districts))
    assert response.status_code == 403 and "_tag" in response.json()["error"]
    assert not ActionSubmission.objects.exists()
    assert client.post(_outreach_path(campaign), _lupita(**districts)).status_code == 200
