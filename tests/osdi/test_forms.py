"""OSDI forms and submissions: the workgroups' sign-up forms and their rosters."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import Person, Workgroup, WorkgroupMembership, WorkgroupText

pytestmark = pytest.mark.django_db

FORM_FIELDS = {"identifiers", "origin_system", "created_date", "modified_date", "title",
               "description", "call_to_action", "browser_url", "total_submissions", "_links"}
SUBMISSION_FIELDS = {"identifiers", "created_date", "modified_date", "_links",
                     "action_network:form_id"}
PEOPLE_HAVE_UUIDS = hasattr(Person, "uuid")


def join(workgroup: Workgroup, email: str, *,
         status: str = WorkgroupMembership.Status.CONFIRMED) -> WorkgroupMembership:
    person = Person.objects.create(name="Luis Paz", email=email)
    return WorkgroupMembership.objects.create(
        workgroup=workgroup, person=person, language="en", status=status,
        confirmed_at=timezone.now() if status == WorkgroupMembership.Status.CONFIRMED
        else None)


def form_path(workgroup: Workgroup, *rest: str) -> str:
    return "/".join(["forms", str(workgroup.uuid), *rest])


def test_forms_are_the_workgroups_sign_up_forms(workgroup, other_workgroup, osdi_get):
    join(workgroup, "luis@example.org")

    body = osdi_get("forms").json()

    forms = {f["name"]: f for f in body["_embedded"]["osdi:forms"]}
    assert set(forms) == {"policy", "grassroots-organizing"}
    form = forms["policy"]
    assert form.keys() >= FORM_FIELDS
    assert form["identifiers"] == [f"alianza:{workgroup.uuid}"]
    assert form["title"] == "Policy Workgroup"
    assert form["description"] == "State and local policy."
    assert form["total_submissions"] == 1
    assert form["browser_url"].endswith("/en/workgroups/policy/join/")
    assert form["_links"]["osdi:submissions"]["href"].endswith(form_path(workgroup,
                                                                         "submissions"))
    assert form["_links"]["osdi:record_submission_helper"] == form["_links"]["osdi:submissions"]
    assert forms["grassroots-organizing"]["total_submissions"] == 0


def test_a_form_is_found_by_its_identifier(workgroup, osdi_get):
    response = osdi_get(form_path(workgroup))

    assert response.status_code == 200
    assert response.json()["_links"]["self"]["href"].endswith(form_path(workgroup))
    assert osdi_get("forms/00000000-0000-0000-0000-000000000000").status_code == 404


def test_waiting_sign_ups_are_not_submissions(workgroup, osdi_get):
    confirmed = join(workgroup, "luis@example.org")
    waiting = join(workgroup, "eva@example.org", status=WorkgroupMembership.Status.PENDING)

    body = osdi_get(form_path(workgroup, "submissions")).json()

    assert [s["identifiers"][0] for s in body["_embedded"]["osdi:submissions"]] == [
        f"alianza:{confirmed.uuid}"]
    assert osdi_get(form_path(workgroup, "submissions", str(waiting.uuid))).status_code == 404


def test_a_submission_links_to_its_form_and_person(workgroup, osdi_get):
    membership = join(workgroup, "luis@example.org")

    body = osdi_get(form_path(workgroup, "submissions", str(membership.uuid))).json()

    assert body.keys() >= SUBMISSION_FIELDS
    assert body["action_network:form_id"] == str(workgroup.uuid)
    assert body["_links"]["osdi:form"]["href"].endswith(form_path(workgroup))
    if PEOPLE_HAVE_UUIDS:
        assert body["_links"]["osdi:person"]["href"].endswith(
            f"people/{membership.person.uuid}")


@pytest.mark.skipif(not PEOPLE_HAVE_UUIDS, reason="people get public uuids with the people API")
def test_a_persons_submissions_are_listed_under_them(workgroup, other_workgroup, osdi_get):
    membership = join(workgroup, "luis@example.org")
    WorkgroupMembership.objects.create(workgroup=other_workgroup, person=membership.person,
                                       language="en")  # waiting: not a submission

    body = osdi_get(f"people/{membership.person.uuid}/submissions").json()

    assert [s["identifiers"][0] for s in body["_embedded"]["osdi:submissions"]] == [
        f"alianza:{membership.uuid}"]


def test_submissions_are_filtered_by_modification_date(workgroup, osdi_get):
    memberships = [join(workgroup, f"p{i}@example.org") for i in range(3)]
    WorkgroupMembership.objects.filter(pk=memberships[0].pk).update(
        modified_at=timezone.now() - timedelta(days=10))
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    body = osdi_get(form_path(workgroup, "submissions"),
                    filter=f"modified_date gt '{since}'", per_page=1).json()

    assert (body["total_records"], body["total_pages"]) == (2, 2)


def test_renaming_a_workgroup_moves_its_forms_modified_date(workgroup, osdi_get):
    Workgroup.objects.filter(pk=workgroup.pk).update(
        modified_at=timezone.now() - timedelta(days=3))
    before = osdi_get(form_path(workgroup)).json()["modified_date"]

    text = WorkgroupText.objects.get(workgroup=workgroup, language="en")
    text.name = "Policy Team"
    text.save()

    after = osdi_get(form_path(workgroup)).json()
    assert after["modified_date"] > before and after["title"] == "Policy Team"


def test_reading_forms_needs_the_forms_scope(workgroup, osdi_token, api_client):
    token = osdi_token(("petitions:read",))

    assert api_client.get("forms", token=token).status_code == 403
    assert api_client.get("forms", token=osdi_token(("forms:read",))).status_code == 200


@pytest.mark.parametrize("body", [
    {},
    {"person": {"given_name": "Luis", "email_addresses": [{"address": "nope"}]}},
    {"person": {"email_addresses": [{"address": "luis@example.org"}]}},
    {"person": {"given_name": "Luis", "email_addresses": [{"address": "luis@example.org"}]},
     "add_tags": ["volunteer"]},
    {"person": {"given_name": "Luis", "email_addresses": [{"address": "luis@example.org",
                                                            "extra": 1}]}},
    {"person": {"given_name": "Luis", "email_addresses": [{"address": "luis@example.org"}],
                "languages_spoken": ["e\x00s"]}},
])
def test_a_bad_submission_is_refused_with_an_error_and_nothing_stored(
        workgroup, osdi_post, body):
    response = osdi_post(form_path(workgroup, "submissions"), body)

    assert response.status_code == 400
    assert response.json()["error"]
    assert not WorkgroupMembership.objects.exists() and not Person.objects.exists()


def test_a_closed_workgroup_takes_no_submissions(workgroup, osdi_post):
    Workgroup.objects.filter(pk=workgroup.pk).update(is_open=False)
    body = {"person": {"given_name": "Luis",
                       "email_addresses": [{"address": "luis@example.org"}]}}

    response = osdi_post(form_path(workgroup, "submissions"), body)

    assert response.status_code == 400
    assert not WorkgroupMembership.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.tasks
def test_a_submission_through_the_api_is_on_the_roster_once_confirmed(
        workgroup, osdi_get, osdi_post, smtp_server, client):
    body = {"person": {"given_name": "Luis", "family_name": "Paz",
                       "email_addresses": [{"address": "luis@example.org"}],
                       "languages_spoken": ["es-MX"]}}

    response = osdi_post(form_path(workgroup, "submissions"), body)

    assert response.status_code == 202
    assert osdi_get(form_path(workgroup, "submissions")).json()["total_records"] == 0
    mail = smtp_server.body(smtp_server.to("luis@example.org")[-1])
    match = re.search(r"https?://[^/\s]+(/\S+/workgroups/confirm/\S+/)", mail)
    assert match and match.group(1).startswith("/es/")

    client.post(match.group(1))

    membership = WorkgroupMembership.objects.get()
    assert membership.is_confirmed
    listed = osdi_get(form_path(workgroup, "submissions")).json()
    assert [s["identifiers"][0] for s in listed["_embedded"]["osdi:submissions"]] == [
        f"alianza:{membership.uuid}"]


def test_a_longer_page_of_submissions_costs_no_more_queries(workgroup, osdi_get):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert osdi_get(path, per_page=100).status_code == 200
        return len(captured)

    join(workgroup, "first@example.org")
    queries(form_path(workgroup, "submissions")), queries("forms")  # caches warmed
    few, forms_few = queries(form_path(workgroup, "submissions")), queries("forms")
    for i in range(10):
        join(workgroup, f"p{i}@example.org")
        Workgroup.objects.create(slug=f"group-{i}")

    assert queries(form_path(workgroup, "submissions")) == few
    assert queries("forms") == forms_few
