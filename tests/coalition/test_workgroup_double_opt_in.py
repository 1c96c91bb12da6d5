"""Workgroup sign-up is double opt-in: only the address's owner can put it on a roster."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import Organization, Person, WorkgroupMembership
from alianza.coalition.services.workgroups import EMAIL_INTERVAL

# Emails are queued on commit, so these tests use real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def signup_url(workgroup, language: str = "en") -> str:
    with translation.override(language):
        return reverse("coalition-workgroup-signup", args=[workgroup.slug])


def sign_up(client, workgroup, language: str = "en", **overrides):
    data = {"name": "Luis Tran", "email": "luis@example.org", "organization_name": "CABE",
            "note": "Budget asks"}
    data.update(overrides)
    return client.post(signup_url(workgroup, language), data)


def confirm_path(mailbox, address: str) -> str:
    body = mailbox.body(mailbox.to(address)[-1])
    match = re.search(r"https?://[^/\s]+(/\S+/workgroups/confirm/\S+/)", body)
    assert match, body
    return match.group(1)


def roster(client, workgroup) -> str:
    return client.get(reverse("coalition-workgroup-roster", args=[workgroup.slug])).content.decode()


def test_a_signup_puts_nobody_on_the_roster_until_they_confirm(
    client, lead_user, workgroup, smtp_server
):
    sign_up(client, workgroup)

    membership = WorkgroupMembership.objects.get()
    assert membership.status == WorkgroupMembership.Status.PENDING
    client.force_login(lead_user)
    page = roster(client, workgroup)
    assert "Luis Tran" not in page and "luis@example.org" not in page
    assert "1 sign-up is waiting for email confirmation" in page
    export = client.get(reverse("coalition-workgroup-roster-csv", args=[workgroup.slug]))
    assert "luis@example.org" not in b"".join(export.streaming_content).decode()
    assert "0 participants" in page
    assert smtp_server.to("lead@example.org") == []


def test_the_link_shows_a_button_and_only_the_post_confirms(client, workgroup, smtp_server):
    sign_up(client, workgroup)
    path = confirm_path(smtp_server, "luis@example.org")

    page = client.get(path)

    assert page.status_code == 200 and "Confirm and join" in page.content.decode()
    assert WorkgroupMembership.objects.get().status == WorkgroupMembership.Status.PENDING
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("coalition-workgroup-joined", args=[workgroup.slug])
    membership = WorkgroupMembership.objects.get()
    assert membership.status == WorkgroupMembership.Status.CONFIRMED
    assert membership.confirmed_at is not None
    assert "Policy Workgroup" in client.get(response["Location"]).content.decode()


def test_a_confirmed_member_is_on_the_roster_and_in_the_export(
    client, lead_user, workgroup, smtp_server
):
    sign_up(client, workgroup)
    client.post(confirm_path(smtp_server, "luis@example.org"))

    client.force_login(lead_user)
    page = roster(client, workgroup)
    assert "Luis Tran" in page and "Budget asks" in page
    export = client.get(reverse("coalition-workgroup-roster-csv", args=[workgroup.slug]))
    assert "luis@example.org" in b"".join(export.streaming_content).decode()
    public = client.get(reverse("coalition-workgroups")).context["workgroups"]
    assert [w.size for w in public] == [1]


def test_the_email_is_in_the_language_of_the_form(client, workgroup, smtp_server):
    sign_up(client, workgroup, language="es")

    message = smtp_server.to("luis@example.org")[0]
    assert "Grupo de trabajo de políticas" in message["Subject"]
    assert "/es/" in confirm_path(smtp_server, "luis@example.org")
    assert "Hola:" in smtp_server.body(message) and "abra este enlace" in smtp_server.body(message)


def test_leads_are_told_in_their_own_language_when_someone_joins(
    client, lead_user, workgroup, smtp_server
):
    Person.objects.create(name="Lead Person", email="lead@example.org", preferred_language="es")
    sign_up(client, workgroup)

    client.post(confirm_path(smtp_server, "luis@example.org"))
    client.post(confirm_path(smtp_server, "luis@example.org"))  # twice: told once

    told = smtp_server.to("lead@example.org")
    assert len(told) == 1
    assert "Grupo de trabajo de políticas" in told[0]["Subject"]
    body = smtp_server.body(told[0])
    assert "Luis Tran" in body and "/es/" in body


def test_the_public_answer_is_the_same_whatever_the_address_state(client, workgroup, smtp_server):
    new = sign_up(client, workgroup, email="new@example.org")
    sign_up(client, workgroup, email="pending@example.org")
    pending = sign_up(client, workgroup, email="pending@example.org")
    sign_up(client, workgroup, email="member@example.org")
    client.post(confirm_path(smtp_server, "member@example.org"))
    member = sign_up(client, workgroup, email="member@example.org")

    locations = {response["Location"] for response in (new, pending, member)}
    assert locations == {reverse("coalition-workgroup-thanks", args=[workgroup.slug])}
    pages = {client.get(location).content.decode() for location in locations}
    assert len(pages) == 1
    assert "already" not in pages.pop()


def test_an_address_already_on_the_roster_is_told_so_by_email(client, workgroup, smtp_server):
    sign_up(client, workgroup)
    client.post(confirm_path(smtp_server, "luis@example.org"))
    WorkgroupMembership.objects.update(emailed_at=timezone.now() - EMAIL_INTERVAL)

    sign_up(client, workgroup)

    last = smtp_server.to("luis@example.org")[-1]
    assert "already" in last["Subject"]
    assert "/workgroups/confirm/" not in smtp_server.body(last)


def test_repeated_signups_for_one_address_send_one_email(client, workgroup, smtp_server):
    for name in ["Luis Tran", "Attacker One", "Attacker Two", "Attacker Three", "Luis"]:
        assert sign_up(client, workgroup, name=name).status_code == 302

    assert len(smtp_server.to("luis@example.org")) == 1
    body = smtp_server.body(smtp_server.to("luis@example.org")[0])
    assert "Attacker" not in body

    WorkgroupMembership.objects.update(emailed_at=timezone.now() - timedelta(minutes=16))
    sign_up(client, workgroup)
    assert len(smtp_server.to("luis@example.org")) == 2


def test_an_unconfirmed_signup_changes_nothing_about_an_existing_person(
    client, workgroup, smtp_server
):
    person = Person.objects.create(name="Luisa Tran", email="luis@example.org",
                                   preferred_language="en", phone="555-0100")

    sign_up(client, workgroup, language="es", name="Someone Else",
            organization_name="Phishing Inc")

    person.refresh_from_db()
    assert (person.name, person.preferred_language, person.phone) == (
        "Luisa Tran", "en", "555-0100")
    assert not Organization.objects.exists()
    assert not person.affiliations.exists()


def test_confirming_applies_the_details_that_were_typed(client, workgroup, smtp_server):
    Person.objects.create(name="L. Tran", email="luis@example.org", preferred_language="en")
    cabe = Organization.objects.create(name="CABE")
    sign_up(client, workgroup, language="es", organization_name=" cabe ")

    client.post(confirm_path(smtp_server, "luis@example.org"))

    person = Person.objects.get()
    assert (person.name, person.preferred_language) == ("Luis Tran", "es")
    assert person.email_confirmed_at is not None
    membership = WorkgroupMembership.objects.get()
    assert membership.organization == cabe
    assert Organization.objects.count() == 1


def test_the_organization_typed_is_found_however_it_is_written(client, workgroup, smtp_server):
    padres = Organization.objects.create(name="Padres en Acción")
    sign_up(client, workgroup, organization_name="PADRES EN ACCION.")

    client.post(confirm_path(smtp_server, "luis@example.org"))

    assert WorkgroupMembership.objects.get().organization == padres


def test_an_unknown_organization_stays_a_claim(client, workgroup, smtp_server):
    sign_up(client, workgroup, organization_name="Brand New Org")
    client.post(confirm_path(smtp_server, "luis@example.org"))

    membership = WorkgroupMembership.objects.get()
    assert membership.organization is None
    assert membership.submitted_organization == "Brand New Org"
    assert not Organization.objects.exists()


def test_refreshing_the_thank_you_page_sends_nothing_more(client, workgroup, smtp_server):
    response = sign_up(client, workgroup)

    for _ in range(3):
        assert client.get(response["Location"]).status_code == 200

    assert len(smtp_server.to("luis@example.org")) == 1


def test_a_broken_or_forged_link_is_refused(client, workgroup, smtp_server):
    sign_up(client, workgroup)
    path = confirm_path(smtp_server, "luis@example.org")
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    assert client.get(forged).status_code == 400
    assert client.post(forged).status_code == 400
    assert WorkgroupMembership.objects.get().status == WorkgroupMembership.Status.PENDING


def test_a_link_stops_working_when_the_address_changes(client, workgroup, smtp_server):
    sign_up(client, workgroup)
    path = confirm_path(smtp_server, "luis@example.org")
    Person.objects.update(email="other@example.org")

    assert client.post(path).status_code == 400


def test_bots_filling_the_hidden_field_get_the_same_answer_and_no_row(
    client, workgroup, smtp_server
):
    response = sign_up(client, workgroup, website_url="http://spam.example")

    assert response.status_code == 302
    assert not WorkgroupMembership.objects.exists()
    assert smtp_server.messages == []


def test_memberships_from_before_double_opt_in_stay_on_the_roster():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("coalition", "0003_join_submission")]
    after = [("coalition", "0004_workgroup_double_opt_in")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    person = old.get_model("coalition", "Person").objects.create(
        name="Old Member", email="old@example.org")
    group = old.get_model("coalition", "Workgroup").objects.create(slug="old-group")
    old.get_model("coalition", "WorkgroupMembership").objects.create(
        workgroup=group, person=person, language="en")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    membership = WorkgroupMembership.objects.get(person__email="old@example.org")
    assert membership.status == WorkgroupMembership.Status.CONFIRMED
    assert membership.confirmed_at == membership.joined_at


def test_sign_ups_never_confirmed_are_forgotten_once_their_link_expires(
    client, workgroup, smtp_server
):
    from alianza.coalition.services.workgroups import CONFIRM_MAX_AGE

    sign_up(client, workgroup, email="ignored@example.org", note="never confirmed")
    sign_up(client, workgroup, email="member@example.org")
    client.post(confirm_path(smtp_server, "member@example.org"))
    long_ago = timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE + 60)
    WorkgroupMembership.objects.update(emailed_at=long_ago)

    sign_up(client, workgroup, email="someone-new@example.org")

    left = set(WorkgroupMembership.objects.values_list("person__email", flat=True))
    assert left == {"member@example.org", "someone-new@example.org"}
