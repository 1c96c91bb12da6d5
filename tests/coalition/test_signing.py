"""Signing the statement through the public join form, with double opt-in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Consent,
    JoinConfirmation,
    Organization,
    Person,
    Signature,
)
from alianza.core.models import OutboundEmail

# Emails are queued on commit, so these tests use real transactions.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


def join_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("coalition-join")


def sign(client, language="en", **overrides):
    data = {
        "actions": ["sign_individual"],
        "name": "María López",
        "email": "Maria@Example.org",
        "title": "Parent leader",
    }
    data.update(overrides)
    return client.post(join_url(language), data)


def link_from(mailbox, address: str, kind: str) -> str:
    body = mailbox.body(mailbox.to(address)[-1])
    match = re.search(rf"https?://\S+/{kind}/\S+/", body)
    assert match, body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_new_signature_waits_for_email_confirmation(client, statement, smtp_server):
    response = sign(client, listed="on")

    assert response.status_code == 302
    assert not Signature.objects.exists() and not Person.objects.exists()
    assert not Consent.objects.exists()
    assert len(smtp_server.to("maria@example.org")) == 1
    listing = reverse("coalition-signatories")
    assert "María López" not in client.get(listing).content.decode()


def test_confirming_the_email_lists_a_consenting_signer(client, statement, smtp_server):
    sign(client, listed="on")
    confirm_path = link_from(smtp_server, "maria@example.org", "confirm")

    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path)

    assert response.status_code == 302
    assert Signature.objects.get().status == Signature.Status.CONFIRMED
    page = client.get(reverse("coalition-signatories")).content.decode()
    assert "María López" in page


def test_unconsented_signatures_are_counted_but_not_listed(client, statement, smtp_server):
    sign(client)  # the listing box is unchecked by default
    client.post(link_from(smtp_server, "maria@example.org", "confirm"))

    page = client.get(reverse("coalition-signatories")).content.decode()
    assert "María López" not in page
    assert Signature.objects.get().status == Signature.Status.CONFIRMED
    assert Signature.objects.filter(status="confirmed", listed=False).count() == 1


def test_signing_again_with_the_same_email_is_idempotent_and_says_so(
    client, statement, smtp_server
):
    sign(client)
    client.post(link_from(smtp_server, "maria@example.org", "confirm"))
    JoinConfirmation.objects.update(created_at=timezone.now() - timedelta(hours=1))

    response = sign(client, email="  MARIA@example.org ")

    assert Signature.objects.count() == 1
    assert Person.objects.count() == 1
    assert "already signed" not in client.get(response.url).content.decode()
    assert "You had already signed" in smtp_server.body(smtp_server.to("maria@example.org")[-1])


def test_a_pending_signer_who_signs_again_later_gets_a_link_again(
    client, statement, smtp_server
):
    sign(client)
    JoinConfirmation.objects.update(created_at=timezone.now() - timedelta(hours=1))
    sign(client)

    assert Signature.objects.count() == 0
    assert len(smtp_server.to("maria@example.org")) == 2
    assert "/confirm/" in smtp_server.body(smtp_server.to("maria@example.org")[-1])


def test_a_signer_can_withdraw_through_the_link(client, statement, smtp_server):
    sign(client, listed="on")
    client.post(link_from(smtp_server, "maria@example.org", "confirm"))
    withdraw_path = link_from(smtp_server, "maria@example.org", "withdraw")

    client.post(withdraw_path)

    signature = Signature.objects.get()
    assert signature.status == Signature.Status.WITHDRAWN
    assert "María López" not in client.get(reverse("coalition-signatories")).content.decode()
    assert Consent.objects.filter(kind="listing", granted=False).count() == 1


def test_consents_store_time_source_language_and_exact_wording(client, statement, smtp_server):
    sign(client, language="es", listed="on", actions=["sign_individual", "receive_updates"])
    client.post(link_from(smtp_server, "maria@example.org", "confirm"))

    listing = Consent.objects.get(kind=Consent.Kind.PUBLIC_LISTING)
    updates = Consent.objects.get(kind=Consent.Kind.EMAIL)
    assert listing.language == "es" and updates.language == "es"
    assert listing.source == "join-form"
    assert listing.wording.startswith("Mostrar públicamente mi nombre")
    assert updates.wording == "Recibir noticias de la coalición por correo electrónico"
    assert listing.created_at is not None


def test_emails_go_out_in_the_signers_language(client, statement, smtp_server):
    sign(client, language="es")

    message = smtp_server.to("maria@example.org")[0]
    assert "Confirme" in message["Subject"] or "confirme" in message["Subject"]
    assert message["Content-Language"] == "es"
    assert "/es/confirm/" in smtp_server.body(message)


def test_one_submission_signs_for_a_person_and_an_organization_and_applies(
    client, statement, smtp_server
):
    response = sign(
        client,
        actions=["sign_individual", "sign_organization", "apply_membership", "receive_updates"],
        organization_name="Familias Unidas", organization_kind="parent_group",
        mission_alignment="We organize parents for bilingual programs.", is_nonprofit="on",
    )
    assert response.status_code == 302
    assert len(smtp_server.to("maria@example.org")) == 1  # one email for the whole submission
    assert not Organization.objects.exists()  # nothing until confirmed
    client.post(link_from(smtp_server, "maria@example.org", "confirm"))

    assert Signature.objects.filter(status="confirmed").count() == 2
    organization = Organization.objects.get(name="Familias Unidas")
    assert organization.membership_status == Organization.Membership.APPLIED
    assert organization.applications.count() == 1


def test_a_bad_submission_keeps_what_was_typed_and_explains(client, statement):
    response = sign(client, language="es", actions=["apply_membership"], email="not-an-email")

    body = response.content.decode()
    assert response.status_code == 400
    assert "María López" in body  # nothing lost
    assert "Escriba una dirección de correo electrónico válida" in body
    assert "organización" in body
    assert Signature.objects.count() == 0 and Person.objects.count() == 0


def test_the_honeypot_pretends_success_and_stores_nothing(client, statement):
    response = sign(client, website_url="http://spam.example")

    assert response.status_code == 302
    assert Person.objects.count() == 0


def test_a_failed_send_keeps_the_signature_and_is_retried(client, statement, smtp_server):
    smtp_server.fail_next = 1

    sign(client)

    assert JoinConfirmation.objects.count() == 1
    outbound = OutboundEmail.objects.get()
    assert outbound.status == OutboundEmail.Status.PENDING
    assert outbound.attempts == 1 and "451" in outbound.last_error
    from alianza.core.services import email_deliver_now

    OutboundEmail.objects.update(next_attempt_at=None)
    assert email_deliver_now(outbound_id=outbound.pk) is True
    assert len(smtp_server.to("maria@example.org")) == 1
