"""The join form during a surge: every submission is stored at once and carried out in
batches, exactly once, even when processors crash or a row is broken."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from importlib.util import find_spec

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from alianza.coalition.models import (
    Consent,
    JoinConfirmation,
    JoinSubmission,
    Organization,
    Person,
    PersonEmail,
    Signature,
    Statement,
)
from alianza.coalition.services import intake, signing, tokens
from alianza.coalition.tasks import join_submissions_process
from alianza.core.models import OutboundEmail

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]


@pytest.fixture
def queue_only(settings):
    """Tasks wait for a worker, as in production, so the intake queue can be watched."""
    module = "django.tasks" if find_spec("django.tasks") else "django_tasks"
    settings.TASKS = {"default": {"BACKEND": f"{module}.backends.dummy.DummyBackend"}}


def join_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("coalition-join")


def sign(client, email: str, language: str = "en", **overrides):
    data = {"actions": ["sign_individual"], "name": f"Signer {email.split('@')[0]}",
            "email": email, "listed": "on", **overrides}
    return client.post(join_url(language), data)


def emails_to(address: str) -> int:
    return OutboundEmail.objects.filter(to=address).count()


def confirm_all() -> None:
    """Open every emailed confirmation link, as the owners of the addresses would."""
    for row in JoinConfirmation.objects.filter(confirmed_at__isnull=True):
        signing.email_confirm(token=tokens.join_token(confirmation_id=row.pk, email=row.email))


def test_a_submission_is_stored_with_its_exact_wording_before_the_thank_you_page(
    client, statement, queue_only
):
    response = sign(client, "Rosa@Example.org", language="es",
                    actions=["sign_individual", "receive_updates"])

    assert response.status_code == 302
    [submission] = JoinSubmission.objects.all()
    assert submission.status == JoinSubmission.Status.PENDING
    assert submission.payload["language"] == "es"
    assert submission.payload["listing_wording"].startswith("Mostrar públicamente mi nombre")
    assert submission.payload["updates_wording"] == (
        "Recibir noticias de la coalición por correo electrónico")
    assert Signature.objects.count() == 0  # the processor has not run yet

    intake.join_submissions_drain()
    assert OutboundEmail.objects.get().language == "es"
    assert not Person.objects.exists()  # nothing is written until the address confirms
    confirm_all()

    signature = Signature.objects.get()
    assert signature.language == "es" and signature.person.email == "rosa@example.org"
    assert {c.kind: c.language for c in Consent.objects.all()} == {"listing": "es", "email": "es"}


def test_a_burst_with_repeated_addresses_gives_one_email_and_signature_each(
    client, statement, queue_only, settings
):
    settings.RATELIMIT_ENABLE = False  # the whole burst comes from one test client
    addresses = [f"parent{i}@example.org" for i in range(12)]
    started = time.monotonic()
    for round_ in range(3):
        for address in addresses:
            shown = address.upper() if round_ == 1 else f"  {address} "
            assert sign(client, shown).status_code == 302

    elapsed = time.monotonic() - started
    assert JoinSubmission.objects.filter(status="pending").count() == 36
    # A burst queues the processor once per window, not once per submission.
    queued = len(join_submissions_process.get_backend().results)
    assert 1 <= queued <= elapsed / intake.ENQUEUE_WINDOW_SECONDS + 1 < 36

    intake.join_submissions_drain()

    per_address = OutboundEmail.objects.values("to").annotate(n=Count("pk"))
    assert {row["to"] for row in per_address} == set(addresses)
    assert {row["n"] for row in per_address} == {1}  # the repeats are throttled
    assert not JoinSubmission.objects.exclude(status="done").exists()
    confirm_all()
    assert Person.objects.count() == 12
    assert Signature.objects.count() == 12
    assert Consent.objects.filter(kind="listing").count() == 12


def test_batches_recognise_earlier_signers_by_any_of_their_addresses(
    client, statement, queue_only
):
    ana = Person.objects.create(name="Ana Ruiz", email="ana@example.org",
                                email_confirmed_at=timezone.now())
    PersonEmail.objects.create(person=ana, email="ana.ruiz@work.example.org")
    version = statement.versions.get()
    Signature.objects.create(statement=statement, version=version, person=ana,
                             status=Signature.Status.CONFIRMED, language="en", source="test")

    sign(client, "Ana.Ruiz@work.example.org", phone="555-0100")
    sign(client, "new@example.org")
    intake.join_submissions_drain()

    [told] = OutboundEmail.objects.filter(to="ana.ruiz@work.example.org")
    assert "You had already signed" in told.body_text and "/confirm/" not in told.body_text
    assert Signature.objects.filter(person=ana).count() == 1
    ana.refresh_from_db()
    assert ana.phone == ""  # an unconfirmed submission changes nothing about her
    confirm_all()
    assert Signature.objects.count() == 2


def test_a_withdrawn_signer_who_signs_again_waits_for_confirmation_again(
    client, statement, queue_only
):
    sign(client, "eva@example.org")
    intake.join_submissions_drain()
    confirm_all()
    Signature.objects.update(status=Signature.Status.WITHDRAWN, withdrawn_at=timezone.now())

    JoinConfirmation.objects.update(created_at=timezone.now() - timedelta(hours=1))
    sign(client, "eva@example.org", listed="")
    intake.join_submissions_drain()

    assert Signature.objects.get().status == Signature.Status.WITHDRAWN  # until she confirms
    assert emails_to("eva@example.org") == 3  # confirm, signed (withdraw link), confirm
    confirm_all()
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.CONFIRMED and signature.listed is False


def test_rows_of_a_processor_that_died_are_taken_over_without_duplicates(
    client, statement, queue_only
):
    for i in range(6):
        sign(client, f"crash{i}@example.org")
    intake.join_submissions_process_batch(limit=2)  # a first batch went through
    # A processor claimed the rest and was killed before it could finish: its transaction
    # rolled back, so nothing of the rows was written, but they stay claimed.
    long_ago = timezone.now() - intake.CLAIM_TIMEOUT - timedelta(seconds=1)
    JoinSubmission.objects.filter(status="pending").update(
        status="processing", claimed_by="dead", claimed_at=long_ago, attempts=1)
    fresh = JoinSubmission.objects.filter(status="processing").order_by("pk").last()
    JoinSubmission.objects.filter(pk=fresh.pk).update(claimed_at=timezone.now())

    taken_over = intake.join_submissions_drain()

    assert taken_over.done == 3  # the recent claim may still be alive: left alone
    JoinSubmission.objects.filter(pk=fresh.pk).update(claimed_at=long_ago)
    assert intake.join_submissions_drain().done == 1
    assert intake.join_submissions_drain().claimed == 0
    assert JoinConfirmation.objects.count() == 6
    assert OutboundEmail.objects.count() == 6
    assert set(JoinSubmission.objects.values_list("status", flat=True)) == {"done"}


def test_a_broken_row_does_not_hold_up_the_rest_of_its_batch(
    client, statement, queue_only, staff_client
):
    draft = Statement.objects.create(slug="draft-without-a-version")
    sign(client, "before@example.org")
    broken = JoinSubmission.objects.create(payload={**JoinSubmission.objects.get().payload,
                                                    "statement_id": draft.pk,
                                                    "email": "broken@example.org"})
    malformed = JoinSubmission.objects.create(payload={"email": "x@example.org", "oops": 1})
    sign(client, "after@example.org")

    outcome = intake.join_submissions_drain()

    assert outcome.done == 2 and outcome.retrying == 2
    assert set(JoinConfirmation.objects.values_list("email", flat=True)) == {
        "before@example.org", "after@example.org"}
    broken.refresh_from_db()
    assert broken.status == JoinSubmission.Status.PENDING and "no version" in broken.error
    for _ in range(intake.MAX_ATTEMPTS):
        intake.join_submissions_drain()
    assert set(JoinSubmission.objects.filter(status="failed").values_list("pk", flat=True)) \
        == {broken.pk, malformed.pk}
    assert OutboundEmail.objects.count() == 2
    # Staff see what failed and why.
    page = staff_client.get(reverse("admin:coalition_joinsubmission_changelist")
                            + "?status__exact=failed").content.decode()
    assert "broken@example.org" in page


def test_a_submission_for_an_organization_waits_in_the_queue_like_any_other(
    client, statement, queue_only
):
    response = sign(client, "dir@example.org", actions=["sign_organization"],
                    organization_name="Familias Unidas", organization_kind="parent_group")

    assert response.status_code == 302
    assert JoinSubmission.objects.get().status == JoinSubmission.Status.PENDING
    intake.join_submissions_drain()
    assert not Organization.objects.exists()
    confirm_all()
    assert Signature.objects.filter(organization__name="Familias Unidas",
                                    status="confirmed").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="concurrent processors need PostgreSQL's row locks")
def test_two_processors_racing_on_the_same_addresses_make_no_duplicates(
    client, statement, queue_only, settings
):
    settings.RATELIMIT_ENABLE = False
    for _ in range(4):
        for i in range(25):
            sign(client, f"race{i}@example.org")
    errors = []

    def processor():
        try:
            while intake.join_submissions_process_batch(limit=10).claimed:
                pass
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=processor) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert set(JoinSubmission.objects.values_list("status", flat=True)) == {"done"}
    per_address = OutboundEmail.objects.values("to").annotate(n=Count("pk"))
    assert {row["to"] for row in per_address} == {f"race{i}@example.org" for i in range(25)}
    assert {row["n"] for row in per_address} == {1}  # the throttle holds across processors
    confirm_all()
    assert Person.objects.count() == Signature.objects.count() == 25


def test_a_batch_of_confirmations_goes_out_over_one_connection_in_each_language(
    client, statement, queue_only, smtp_server
):
    sign(client, "uno@example.org", language="es")
    sign(client, "two@example.org")
    sign(client, "tres@example.org", language="es")
    intake.join_submissions_drain()
    smtp_server.fail_next = 1  # the first message meets a temporary failure

    from alianza.core.services import email_deliver_many

    sent = email_deliver_many(outbound_ids=list(OutboundEmail.objects.values_list("pk",
                                                                                 flat=True)))

    assert sent == 2
    assert OutboundEmail.objects.filter(status="pending", attempts=1).count() == 1
    languages = {m["To"]: m["Content-Language"] for m in smtp_server.messages}
    assert set(languages.values()) <= {"es", "en"}
    assert all(languages[to] == ("en" if to == "two@example.org" else "es") for to in languages)


def test_the_sweep_command_carries_out_submissions_whose_task_was_never_queued(
    client, statement, queue_only
):
    from io import StringIO

    from django.core.management import call_command

    sign(client, "sweep@example.org")
    join_submissions_process.get_backend().clear()  # as if queueing had failed

    out = StringIO()
    call_command("join_intake", stdout=out)

    assert "done 1" in out.getvalue()
    assert JoinConfirmation.objects.filter(email="sweep@example.org").count() == 1
