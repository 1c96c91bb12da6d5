"""OSDI petitions and signatures: statements of agreement, shaped as Action Network's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from alianza.coalition.models import (
    JoinSubmission,
    Person,
    Signature,
    Statement,
    StatementText,
    StatementVersion,
)
from alianza.outreach.models import Tag

pytestmark = pytest.mark.django_db

# Field names and link relations of Action Network's petition and signature examples.
PETITION_FIELDS = {"identifiers", "origin_system", "created_date", "modified_date", "title",
                   "description", "petition_text", "browser_url", "total_signatures", "_links"}
SIGNATURE_FIELDS = {"identifiers", "created_date", "modified_date", "_links",
                    "action_network:petition_id"}
PEOPLE_HAVE_UUIDS = hasattr(Person, "uuid")


def sign(statement: Statement, email: str, *, status: str = Signature.Status.CONFIRMED,
         name: str = "Ana Ruiz") -> Signature:
    person = Person.objects.create(name=name, email=email)
    return Signature.objects.create(
        statement=statement, version=statement.current_version(), person=person,
        language="en", source="test", status=status,
        confirmed_at=timezone.now() if status == Signature.Status.CONFIRMED else None)


def petition_path(statement: Statement, *rest: str) -> str:
    return "/".join(["petitions", str(statement.uuid), *rest])


def test_petitions_are_listed_with_action_network_fields_and_links(statement, osdi_get):
    sign(statement, "ana@example.org")

    response = osdi_get("petitions")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/hal+json")
    body = response.json()
    assert {"total_pages", "per_page", "page", "total_records"} <= body.keys()
    [petition] = body["_embedded"]["osdi:petitions"]
    assert petition.keys() >= PETITION_FIELDS
    assert petition["identifiers"] == [f"alianza:{statement.uuid}"]
    assert petition["title"] == "Statement of Agreement"
    assert petition["description"] == "Our shared vision."
    assert petition["petition_text"] == "We believe."
    assert petition["total_signatures"] == 1
    assert petition["browser_url"].endswith("/en/statements/statement-of-agreement/")
    links = petition["_links"]
    assert links["self"]["href"].endswith(petition_path(statement))
    assert links["osdi:signatures"]["href"].endswith(petition_path(statement, "signatures"))
    assert links["osdi:record_signature_helper"]["href"] == links["osdi:signatures"]["href"]
    assert body["_links"]["osdi:petitions"] == [links["self"]]


def test_a_petition_is_found_by_its_identifier_with_or_without_the_prefix(
        statement, osdi_get):
    bare = osdi_get(petition_path(statement))
    prefixed = osdi_get(f"petitions/alianza:{statement.uuid}")

    assert bare.status_code == prefixed.status_code == 200
    assert bare.json() == prefixed.json()


def test_an_unknown_petition_is_a_404_with_an_error_body(statement, osdi_get):
    for identifier in ("00000000-0000-0000-0000-000000000000", "not-an-id",
                       "action_network:nope"):
        response = osdi_get(f"petitions/{identifier}")
        assert response.status_code == 404
        assert "error" in response.json()


def test_an_identifier_holding_nul_is_a_400_with_an_error_body(statement, osdi_get):
    for identifier in ("action_network:x%00", "%00"):
        response = osdi_get(f"petitions/{identifier}")
        assert response.status_code == 400
        assert "NUL" in response.json()["error"]


def test_the_text_is_the_default_language_of_the_current_published_version(
        statement, osdi_get):
    draft = StatementVersion.objects.create(statement=statement, number=2)
    StatementText.objects.create(version=draft, language="en", title="Draft", body="Draft.")

    petition = osdi_get(petition_path(statement)).json()

    assert petition["title"] == "Statement of Agreement"
    assert petition["alianza:language"] == "en"


def test_unconfirmed_and_withdrawn_signatures_are_not_listed(statement, osdi_get):
    confirmed = sign(statement, "ana@example.org")
    waiting = sign(statement, "luis@example.org", status=Signature.Status.PENDING)
    withdrawn = sign(statement, "eva@example.org", status=Signature.Status.WITHDRAWN)

    body = osdi_get(petition_path(statement, "signatures")).json()

    listed = [s["identifiers"][0] for s in body["_embedded"]["osdi:signatures"]]
    assert listed == [f"alianza:{confirmed.uuid}"]
    assert body["total_records"] == 1
    assert osdi_get(petition_path(statement)).json()["total_signatures"] == 1
    for hidden in (waiting, withdrawn):
        response = osdi_get(petition_path(statement, "signatures", str(hidden.uuid)))
        assert response.status_code == 404


def test_a_signature_links_to_its_petition_and_signer(statement, osdi_get):
    signature = sign(statement, "ana@example.org")

    body = osdi_get(petition_path(statement, "signatures", str(signature.uuid))).json()

    assert body.keys() >= SIGNATURE_FIELDS
    assert body["identifiers"] == [f"alianza:{signature.uuid}"]
    assert body["action_network:petition_id"] == str(statement.uuid)
    assert body["alianza:listed"] is False and body["alianza:organization"] is None
    assert body["_links"]["self"]["href"].endswith(
        petition_path(statement, "signatures", str(signature.uuid)))
    assert body["_links"]["osdi:petition"]["href"].endswith(petition_path(statement))
    if PEOPLE_HAVE_UUIDS:
        person = signature.person
        assert body["_links"]["osdi:person"]["href"].endswith(f"people/{person.uuid}")
        assert body["action_network:person_id"] == str(person.uuid)


def test_a_signature_of_another_petition_is_not_found_under_this_one(statement, osdi_get):
    other = Statement.objects.create(slug="other")
    StatementVersion.objects.create(statement=other, number=1, published_at=timezone.now())
    signature = sign(other, "ana@example.org")

    response = osdi_get(petition_path(statement, "signatures", str(signature.uuid)))

    assert response.status_code == 404


@pytest.mark.skipif(not PEOPLE_HAVE_UUIDS, reason="people get public uuids with the people API")
def test_a_persons_signatures_are_listed_under_them(statement, osdi_get):
    signature = sign(statement, "ana@example.org")
    sign(statement, "luis@example.org")
    person = signature.person

    body = osdi_get(f"people/{person.uuid}/signatures").json()

    assert [s["identifiers"][0] for s in body["_embedded"]["osdi:signatures"]] == [
        f"alianza:{signature.uuid}"]
    one = osdi_get(f"people/{person.uuid}/signatures/{signature.uuid}")
    assert one.status_code == 200


def test_signatures_are_paged_and_filtered_by_modification_date(statement, osdi_get):
    signatures = [sign(statement, f"p{i}@example.org") for i in range(5)]
    old = timezone.now() - timedelta(days=30)
    Signature.objects.filter(pk__in=[s.pk for s in signatures[:3]]).update(modified_at=old)
    path = petition_path(statement, "signatures")

    first = osdi_get(path, per_page=2).json()
    last = osdi_get(path, per_page=2, page=3).json()
    past_the_end = osdi_get(path, per_page=2, page=9).json()
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d")
    recent = osdi_get(path, filter=f"modified_date gt '{since}'").json()

    assert (first["total_pages"], first["total_records"], first["per_page"]) == (3, 5, 2)
    assert len(first["_embedded"]["osdi:signatures"]) == 2 and "next" in first["_links"]
    assert len(last["_embedded"]["osdi:signatures"]) == 1 and "next" not in last["_links"]
    assert past_the_end["_embedded"]["osdi:signatures"] == []
    assert recent["total_records"] == 2


def test_an_unsupported_filter_is_a_400(statement, osdi_get):
    response = osdi_get("petitions", filter="title eq 'x'")

    assert response.status_code == 400
    assert "error" in response.json()


def test_editing_a_statements_text_moves_its_modified_date(statement, osdi_get):
    Statement.objects.filter(pk=statement.pk).update(
        modified_at=timezone.now() - timedelta(days=3))
    before = osdi_get(petition_path(statement)).json()["modified_date"]

    text = StatementText.objects.get(version__statement=statement, language="en")
    text.body = "We believe, still."
    text.save()

    after = osdi_get(petition_path(statement)).json()
    assert after["modified_date"] > before
    assert after["petition_text"] == "We believe, still."


def test_signing_needs_the_petitions_write_scope(statement, osdi_token, api_client):
    token = osdi_token(("petitions:read",))
    body = {"person": {"email_addresses": [{"address": "ana@example.org"}],
                       "given_name": "Ana"}}

    response = api_client.post(petition_path(statement, "signatures"), body, token=token)

    assert response.status_code == 403
    assert not JoinSubmission.objects.exists()


@pytest.mark.parametrize("body", [
    {},
    {"person": {"given_name": "Ana"}},
    {"person": {"given_name": "Ana", "email_addresses": []}},
    {"person": {"given_name": "Ana", "email_addresses": [{"address": "not an address"}]}},
    {"person": {"email_addresses": [{"address": "ana@example.org"}]}},  # no name
    {"person": {"given_name": "Ana", "email_addresses": [{"address": "ana@example.org"}]},
     "listed": True},
    {"person": {"given_name": "Ana", "email_addresses": "ana@example.org"}},
    {"person": {"given_name": 5, "email_addresses": [{"address": "ana@example.org"}]}},
    {"person": {"given_name": "Ana", "email_addresses": [{"address": "ana@example.org"}]},
     "add_tags": "volunteer"},
    {"person": {"given_name": "Ana", "email_addresses": [{"address": "ana@example.org"}]},
     "add_tags": ["vol\x00unteer"]},
    {"person": {"given_name": "A\x00na", "email_addresses": [{"address": "ana@example.org"}]}},
])
def test_a_bad_signature_is_refused_with_an_error_and_nothing_stored(
        statement, osdi_post, body):
    response = osdi_post(petition_path(statement, "signatures"), body)

    assert response.status_code == 400
    assert response.json()["error"]
    assert not JoinSubmission.objects.exists() and not Signature.objects.exists()


def test_malformed_json_is_a_400(statement, osdi_post):
    response = osdi_post(petition_path(statement, "signatures"), raw=b"{nope")

    assert response.status_code == 400
    assert not JoinSubmission.objects.exists()


def test_a_closed_petition_takes_no_signatures(statement, osdi_post):
    Statement.objects.filter(pk=statement.pk).update(is_open=False)
    body = {"person": {"given_name": "Ana",
                       "email_addresses": [{"address": "ana@example.org"}]}}

    response = osdi_post(petition_path(statement, "signatures"), body)

    assert response.status_code == 400
    assert not JoinSubmission.objects.exists()


def _confirm_path(mailbox, address: str) -> str:
    body = mailbox.body(mailbox.to(address)[-1])
    match = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", body)
    assert match, body
    return match.group(1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.tasks
def test_a_signature_through_the_api_counts_only_once_its_owner_confirms(
        statement, osdi_get, osdi_post, smtp_server, client):
    volunteer = Tag.objects.create(slug="volunteer", name="Volunteer")
    body = {"person": {"given_name": "Ana", "family_name": "Ruiz",
                       "email_addresses": [{"address": "Ana@Example.org", "primary": True}],
                       "languages_spoken": ["es"]},
            "add_tags": ["volunteer", "no such tag"]}

    response = osdi_post(petition_path(statement, "signatures"), body)

    assert response.status_code == 202
    assert response.json()["_links"]["osdi:petition"]["href"].endswith(
        petition_path(statement))
    assert not Signature.objects.exists() and not Person.objects.exists()
    assert osdi_get(petition_path(statement, "signatures")).json()["total_records"] == 0
    [email] = smtp_server.to("ana@example.org")
    assert "/es/" in _confirm_path(smtp_server, "ana@example.org")  # in the signer's language

    client.post(_confirm_path(smtp_server, "ana@example.org"))

    signature = Signature.objects.get()
    assert signature.status == Signature.Status.CONFIRMED and signature.source == "api"
    assert signature.person.name == "Ana Ruiz"
    assert list(signature.person.outreach_tags.all()) == [volunteer]
    listed = osdi_get(petition_path(statement, "signatures")).json()
    assert [s["identifiers"][0] for s in listed["_embedded"]["osdi:signatures"]] == [
        f"alianza:{signature.uuid}"]
    assert osdi_get(petition_path(statement)).json()["total_signatures"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.tasks
def test_the_answer_is_the_same_for_an_address_that_already_signed(
        statement, osdi_post, smtp_server):
    sign(statement, "ana@example.org")
    body = {"person": {"given_name": "Ana",
                       "email_addresses": [{"address": "ana@example.org"}]}}

    again = osdi_post(petition_path(statement, "signatures"), body)
    new = osdi_post(petition_path(statement, "signatures"),
                    {"person": {"given_name": "Luis",
                                "email_addresses": [{"address": "luis@example.org"}]}})

    assert again.status_code == new.status_code == 202
    assert again.json()["message"] == new.json()["message"]
    assert Signature.objects.count() == 1


def _queries(osdi_get, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert osdi_get(path, per_page=100).status_code == 200
    return len(queries)


def test_a_longer_page_costs_no_more_queries(statement, osdi_get):
    sign(statement, "first@example.org")
    _queries(osdi_get, petition_path(statement, "signatures"))  # caches warmed
    _queries(osdi_get, "petitions")
    few = _queries(osdi_get, petition_path(statement, "signatures"))
    petitions_few = _queries(osdi_get, "petitions")
    for i in range(10):
        sign(statement, f"p{i}@example.org")
        other = Statement.objects.create(slug=f"other-{i}")
        version = StatementVersion.objects.create(statement=other, number=1)
        StatementText.objects.create(version=version, language="en", title="T", body="B")

    assert _queries(osdi_get, petition_path(statement, "signatures")) == few
    assert _queries(osdi_get, "petitions") == petitions_few
