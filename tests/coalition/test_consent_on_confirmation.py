"""A public submission is a request, not consent: nothing about anyone changes until the
owner of the address confirms it, and shared records never change on a stranger's word."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Affiliation,
    AffiliationClaim,
    Consent,
    JoinConfirmation,
    Organization,
    Person,
    Signature,
)
from alianza.core.models import OutboundEmail

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

EARLIER = timezone.now() - timedelta(days=30)


def join_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("coalition-join")


def submit(client, email: str, language: str = "en", **overrides):
    data = {"actions": ["sign_individual"], "name": "Someone Else", "email": email,
            "title": "Fake title", "phone": "555-9999", "listed": "on", **overrides}
    return client.post(join_url(language), data)


def last_email(address: str) -> OutboundEmail:
    return OutboundEmail.objects.filter(to=address).order_by("pk").last()


def confirm_path(outbound: OutboundEmail) -> str:
    match = re.search(r"https?://[^/]+(/\S+/confirm/\S+/)", outbound.body_text)
    assert match, outbound.body_text
    return match.group(1)


@pytest.fixture
def signer(statement) -> Signature:
    """Rosa signed, unlisted, and confirmed a month ago; she reads in Spanish."""
    rosa = Person.objects.create(name="Rosa Díaz", email="rosa@example.org", phone="",
                                 preferred_language="es", email_confirmed_at=EARLIER)
    return Signature.objects.create(
        statement=statement, version=statement.versions.get(), person=rosa, title="Madre",
        status=Signature.Status.CONFIRMED, confirmed_at=EARLIER, listed=False,
        language="es", source="join-form")


def comparable(html: str) -> str:
    """A page without what differs on every request (CSRF tokens, the receipt)."""
    html = re.sub(r'CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"\?r=[^\"&]+", "", html)


def snapshot(person: Person) -> tuple:
    person.refresh_from_db()
    signatures = list(Signature.objects.filter(person=person).values_list(
        "status", "confirmed_at", "withdrawn_at", "listed", "title", "language"))
    return (person.name, person.phone, person.preferred_language, person.email_confirmed_at,
            signatures, Consent.objects.filter(person=person).count(),
            Affiliation.objects.filter(person=person).count())


def test_a_stranger_resubmitting_a_confirmed_signers_address_changes_nothing(
    client, signer, smtp_server
):
    before = snapshot(signer.person)

    submit(client, "ROSA@example.org", actions=["sign_individual", "receive_updates"],
           organization_name="Someone's Org")

    assert snapshot(signer.person) == before
    told = last_email("rosa@example.org")
    assert told.language == "es"  # her language, not the one of whoever used the form
    assert "Ya había firmado" in told.body_text or "/confirm/" in told.body_text


def test_a_stranger_resubmitting_a_withdrawn_signers_address_changes_nothing(
    client, signer, smtp_server
):
    Signature.objects.filter(pk=signer.pk).update(
        status=Signature.Status.WITHDRAWN, withdrawn_at=EARLIER)
    before = snapshot(signer.person)

    submit(client, "rosa@example.org")

    assert snapshot(signer.person) == before
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN


def test_what_was_submitted_is_applied_when_the_person_confirms(
    client, signer, smtp_server
):
    Signature.objects.filter(pk=signer.pk).update(
        status=Signature.Status.WITHDRAWN, withdrawn_at=EARLIER)
    submit(client, "rosa@example.org", language="en", phone="555-0100")
    path = confirm_path(last_email("rosa@example.org"))

    assert client.post(path).status_code == 302

    signature = Signature.objects.get()
    assert signature.status == Signature.Status.CONFIRMED and signature.listed is True
    assert signature.withdrawn_at is None
    listing = Consent.objects.get(person=signer.person, kind="listing")
    assert listing.granted and listing.created_at > EARLIER
    signer.person.refresh_from_db()
    assert signer.person.phone == "555-0100"  # her blank filled in, now that she asked
    assert signer.person.name == "Rosa Díaz"  # what she typed before is kept


def test_each_link_applies_exactly_the_submission_it_was_sent_for(client, statement):
    submit(client, "new@example.org", listed="")
    first = confirm_path(last_email("new@example.org"))
    JoinConfirmation.objects.update(created_at=timezone.now() - timedelta(hours=1))
    submit(client, "new@example.org", listed="on")

    client.post(first)
    assert Signature.objects.get().listed is False
    client.post(first)  # a second press changes nothing
    assert Signature.objects.get().listed is False
    assert Consent.objects.filter(kind="listing").count() == 1


def test_the_public_answer_is_the_same_whatever_the_address_has_done(
    client, signer, statement
):
    Person.objects.create(name="Pending", email="pending@example.org")
    withdrawn = Person.objects.create(name="Gone", email="gone@example.org",
                                      email_confirmed_at=EARLIER)
    Signature.objects.create(statement=statement, version=statement.versions.get(),
                             person=withdrawn, status=Signature.Status.WITHDRAWN,
                             language="en", source="test")
    answers = []
    for address in ["rosa@example.org", "pending@example.org", "gone@example.org",
                    "nobody@example.org"]:
        response = submit(client, address)
        page = client.get(response.url)
        answers.append((response.status_code, response.url.split("?")[0], page.status_code,
                        comparable(page.content.decode().replace(address, "ADDRESS"))))

    assert len(set(answers)) == 1
    assert answers[0][0] == 302
    assert "already" not in answers[0][3]
    # The truth goes only to each address.
    assert "/confirm/" not in last_email("rosa@example.org").body_text
    assert "/confirm/" in last_email("gone@example.org").body_text


def test_repeated_submissions_for_one_address_send_one_email(client, statement, settings):
    settings.RATELIMIT_ENABLE = False  # the form's per-client limit is not what is tested
    for i in range(5):
        assert submit(client, "target@example.org", name=f"Attacker name {i}").status_code \
            == 302

    assert OutboundEmail.objects.filter(to="target@example.org").count() == 1

    JoinConfirmation.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    submit(client, "target@example.org")
    assert OutboundEmail.objects.filter(to="target@example.org").count() == 2


def test_an_address_gets_at_most_a_few_emails_a_day(client, statement, settings):
    settings.RATELIMIT_ENABLE = False
    for _ in range(8):
        submit(client, "target@example.org")
        JoinConfirmation.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    assert OutboundEmail.objects.filter(to="target@example.org").count() == 5


def test_an_unconfirmed_join_never_changes_a_member_organization(client, statement):
    member = Organization.objects.create(name="Familias Unidas", website="",
                                         membership_status=Organization.Membership.MEMBER)

    submit(client, "phisher@example.org", actions=["sign_organization"],
           organization_name="familias  UNIDAS", organization_website="https://phish.example",
           title="Director")

    member.refresh_from_db()
    assert member.website == ""
    assert not Affiliation.objects.exists() and not Person.objects.exists()
    assert not Signature.objects.exists()


def test_a_confirmed_claim_on_an_existing_organization_waits_for_staff(
    client, statement, staff_client_factory
):
    member = Organization.objects.create(name="Familias Unidas",
                                         membership_status=Organization.Membership.MEMBER)
    submit(client, "claimer@example.org", actions=["sign_organization"],
           organization_name="Familias Unidas", organization_website="https://phish.example",
           title="Director")
    client.post(confirm_path(last_email("claimer@example.org")))

    member.refresh_from_db()
    assert member.website == ""
    assert not Affiliation.objects.exists()
    claim = AffiliationClaim.objects.get()
    assert claim.status == AffiliationClaim.Status.PENDING and claim.title == "Director"
    assert Signature.objects.get(organization=member).status == Signature.Status.PENDING

    page_path = reverse("coalition-organization-detail", args=[member.pk])
    decide = reverse("coalition-organization-claim", args=[member.pk, claim.pk])
    viewer = staff_client_factory("coalition.view_organization")
    assert "claimer@example.org" in viewer.get(page_path).content.decode()
    assert viewer.post(decide, {"decision": "accept"}).status_code == 403

    decider = staff_client_factory("coalition.view_organization", "coalition.change_affiliation")
    assert decider.post(decide, {"decision": "accept"}).status_code == 302

    assert Affiliation.objects.get().title == "Director"
    assert Signature.objects.get(organization=member).status == Signature.Status.CONFIRMED
    assert "staff have confirmed that you speak for Familias Unidas" in last_email(
        "claimer@example.org").body_text
    assert decider.post(decide, {"decision": "decline"}).status_code == 302  # already decided
    assert AffiliationClaim.objects.get().status == AffiliationClaim.Status.ACCEPTED


def test_a_declined_claim_leaves_no_affiliation_or_signature(
    client, statement, staff_client_factory
):
    member = Organization.objects.create(name="Familias Unidas")
    submit(client, "claimer@example.org", actions=["sign_organization"],
           organization_name="Familias Unidas")
    client.post(confirm_path(last_email("claimer@example.org")))
    claim = AffiliationClaim.objects.get()

    decider = staff_client_factory("coalition.view_organization", "coalition.change_affiliation")
    decider.post(reverse("coalition-organization-claim", args=[member.pk, claim.pk]),
                 {"decision": "decline"})

    assert not Affiliation.objects.exists()
    assert not Signature.objects.filter(organization=member).exists()
    assert "could not confirm" in last_email("claimer@example.org").body_text


def test_a_new_organization_is_created_only_on_confirmation_with_its_confirmer(
    client, statement
):
    submit(client, "founder@example.org", actions=["sign_organization"],
           organization_name="Padres Activos", organization_website="https://padres.example",
           title="Director")
    assert not Organization.objects.exists()

    client.post(confirm_path(last_email("founder@example.org")))

    organization = Organization.objects.get()
    assert organization.website == "https://padres.example"
    assert Affiliation.objects.get(organization=organization).title == "Director"
    assert Signature.objects.get(organization=organization).status == "confirmed"


def test_refreshing_any_thank_you_page_sends_nothing_again(client, statement, smtp_server):
    response = submit(client, "fresh@example.org")
    assert response.status_code == 302
    for _ in range(2):
        page = client.get(response.url)
        assert page.status_code == 200 and "fresh@example.org" in page.content.decode()
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert len(smtp_server.to("fresh@example.org")) == 1

    path = confirm_path(last_email("fresh@example.org"))
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    page = client.get(confirmed.url)
    assert "Your email is confirmed" in page.content.decode()
    assert len(smtp_server.to("fresh@example.org")) == 2  # the receipt with its withdraw link

    withdraw = re.search(r"https?://[^/]+(/\S+/withdraw/\S+/)",
                         smtp_server.body(smtp_server.to("fresh@example.org")[-1])).group(1)
    withdrawn = client.post(withdraw)
    assert withdrawn.status_code == 302
    assert "has been withdrawn" in client.get(withdrawn.url).content.decode()
    assert Consent.objects.filter(kind="listing", granted=False).count() == 1


@pytest.fixture
def staff_client_factory(django_user_model):
    from django.test import Client

    made = []

    def make(*perms: str) -> Client:
        user = django_user_model.objects.create_user(f"staff{len(made)}", is_staff=True)
        for perm in perms:
            app, codename = perm.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app, codename=codename))
        made.append(user)
        client = Client()
        client.force_login(user)
        return client

    return make


def test_the_join_request_itself_stays_one_write(client, statement, settings):
    """Issue 2's budget: the web request only stores the submission; the rest is batched."""
    from importlib.util import find_spec

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    settings.TASKS = {"default": {"BACKEND": f"{module}.backends.dummy.DummyBackend"}}
    submit(client, "warm@example.org")
    with CaptureQueriesContext(connection) as queries:
        assert submit(client, "counted@example.org").status_code == 302

    # Without Redis the per-address rate-limit counter lives in a database table shared by
    # every process; those statements are the limiter's, not the join's.
    statements = [q["sql"] for q in queries.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT",
                                              "ROLLBACK"))
                  and "alianza_cache" not in q["sql"]]
    assert len(statements) == 1, statements  # the intake row; no "already signed?" read


def test_what_strangers_typed_is_deleted_once_its_link_has_expired(client, statement):
    from io import StringIO

    from django.core.management import call_command

    from alianza.coalition.models import JoinSubmission

    submit(client, "old@example.org")
    submit(client, "recent@example.org")
    long_ago = timezone.now() - timedelta(days=31)
    JoinConfirmation.objects.filter(email="old@example.org").update(created_at=long_ago)
    JoinSubmission.objects.filter(payload__email="old@example.org").update(
        processed_at=long_ago)

    call_command("join_intake", stdout=StringIO())

    assert list(JoinConfirmation.objects.values_list("email", flat=True)) == [
        "recent@example.org"]
    assert [s.payload["email"] for s in JoinSubmission.objects.all()] == ["recent@example.org"]


def test_an_unconfirmed_membership_application_changes_nothing(client, statement):
    from alianza.coalition.models import MembershipApplication

    lapsed = Organization.objects.create(name="Padres Unidos",
                                         membership_status=Organization.Membership.LAPSED)

    response = submit(client, "someone@example.org", actions=["apply_membership"],
                      organization_name="Padres Unidos", is_nonprofit="on",
                      mission_alignment="We organize parents.")

    assert response.status_code == 302
    lapsed.refresh_from_db()
    assert lapsed.membership_status == Organization.Membership.LAPSED
    assert not MembershipApplication.objects.exists() and not Consent.objects.exists()
    assert "/confirm/" in last_email("someone@example.org").body_text


def test_links_sent_before_the_change_still_confirm_and_then_say_so(client, statement):
    from alianza.coalition.services import tokens

    person = Person.objects.create(name="Old Link", email="old@example.org")
    Signature.objects.create(statement=statement, version=statement.versions.get(),
                             person=person, language="en", source="join-form")
    path = reverse("coalition-confirm",
                   kwargs={"token": tokens.confirm_token(person_id=person.pk,
                                                         email=person.email)})

    assert "Confirm my email" in client.get(path).content.decode()
    response = client.post(path)

    assert Signature.objects.get().status == Signature.Status.CONFIRMED
    assert "Your email is confirmed" in client.get(response.url).content.decode()
