"""Confirming one's letters, and their delivery to the offices through the outbox."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alianza.coalition.models import Consent, Person
from alianza.coalition.services.privacy import person_erase
from alianza.core.models import OutboundEmail
from alianza.core.services import email_retry_due
from alianza.policy.models import ActionCampaign, ActionLetter, ActionSubmission, Chamber
from alianza.policy.selectors.actions import campaign_supporter_count
from alianza.policy.services.actions import (
    letters_delivery_sync,
    submissions_expire,
)
from tests.policy import f_factories as f
from tests.policy.test_f_action_page import step2

# Emails leave the outbox once the transaction commits, as in production.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks]

EMAIL = "lupita@example.org"


@pytest.fixture
def seats():
    return f.legislature()


@pytest.fixture
def campaign(seats):
    return f.campaign()


def confirm_path(address: str = EMAIL) -> str:
    """The confirmation link last queued for ``address``, as a path."""
    outbound = OutboundEmail.objects.filter(to=address, purpose="action-confirm").last()
    link = re.search(r"https?://\S+/policy/act/confirm/\S+/", outbound.body_text).group(0)
    return re.sub(r"^https?://[^/]+", "", link)


def to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def write_and_confirm(client, lang: str = "es", **data) -> str:
    assert step2(client, lang, **data).status_code == 302
    path = confirm_path()
    assert client.post(path).status_code == 302
    return path


# Double opt-in -------------------------------------------------------------------------------


def test_nothing_reaches_an_office_before_the_supporter_confirms(client, campaign):
    step2(client, "es", body_lower="Mi carta.", body_upper="Otra carta.")
    [confirmation] = mail.outbox
    assert confirmation.to == [EMAIL]
    assert confirmation.extra_headers["Content-Language"] == "es"
    assert confirmation.subject == ("Confirme para enviar su carta: Escríbale a sus "
                                    "legisladores sobre AB 2268")
    assert "asambleísta Rosa Martínez, Distrito 52 de la Asamblea" in confirmation.body
    assert "Sen. Helen Park, Distrito 24 del Senado" in confirmation.body
    assert set(ActionLetter.objects.values_list("status", flat=True)) == {"unconfirmed"}
    assert not OutboundEmail.objects.filter(purpose="action-letter").exists()
    assert campaign_supporter_count(campaign) == 0


def test_opening_the_link_shows_a_button_and_only_pressing_it_sends(client, campaign):
    step2(client, "es", body_lower="Mi carta.", body_upper="Otra carta.")
    path = confirm_path()
    page = client.get(path)
    assert page.status_code == 200 and "Confirmar y enviar" in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert len(mail.outbox) == 1  # a link scanner's GET sends nothing

    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == path
    assert {m.to[0] for m in mail.outbox[1:]} == {"martinez@example.org", "park@example.org"}
    assert "Su carta va en camino" in client.get(path).content.decode()
    person = Person.objects.get(email=EMAIL)
    assert person.email_confirmed_at is not None and person.preferred_language == "es"
    assert campaign_supporter_count(campaign) == 1


def test_the_office_reads_its_own_language_around_the_supporters_words(client, campaign):
    words = "Mi hija aprendió inglés en Roosevelt High.\n\n¡Voten sí!"
    write_and_confirm(client, "es", body_lower=words, body_upper="Gracias.")
    [letter] = to("martinez@example.org")
    # An English-reading office: the greeting, introduction and note are in English.
    assert letter.extra_headers["Content-Language"] == "en"
    assert letter.subject == "AB 2268: a letter from Assembly District 52"
    assert letter.body.startswith("Dear Assemblymember Rosa Martínez,\n\n"
                                  "A constituent in Assembly District 52 writes:\n\n"
                                  + words + "\n\n")
    assert "Guadalupe Hernández\nBoyle Heights\nlupita@example.org" in letter.body
    assert "Sent at this constituent's request" in letter.body
    assert letter.reply_to == [EMAIL]


def test_an_office_that_reads_spanish_gets_spanish_around_english_words(client, campaign):
    words = "My son is an English learner. Please support this bill."
    write_and_confirm(client, "en", assembly_district="53", body_lower=words,
                      body_upper="Thanks.")
    [letter] = to("capitol.okafor@example.org")  # the office's own address comes first
    assert letter.extra_headers["Content-Language"] == "es"
    assert letter.subject == "AB 2268: carta desde el Distrito 53 de la Asamblea"
    assert "Apreciable asambleísta Daniel Okafor:" in letter.body
    assert ("Una persona que vive en el Distrito 53 de la Asamblea escribe:\n\n"
            + words) in letter.body
    stored = ActionLetter.objects.get(chamber=Chamber.LOWER)
    assert stored.language == "es" and stored.supporter_language == "en"
    assert stored.body == words


def test_letters_follow_the_outbox_to_sent_or_failed(client, campaign):
    write_and_confirm(client, body_lower="Uno.", body_upper="Dos.")
    assert set(ActionLetter.objects.values_list("status", flat=True)) == {"queued"}
    lower = ActionLetter.objects.get(chamber=Chamber.LOWER)
    upper = ActionLetter.objects.get(chamber=Chamber.UPPER)
    # The outbox gave up on one after its retries (its own rule, EMAIL_MAX_ATTEMPTS).
    OutboundEmail.objects.filter(pk=upper.outbound_id).update(
        status=OutboundEmail.Status.FAILED, last_error="550 mailbox unavailable")
    assert letters_delivery_sync() == 2
    lower.refresh_from_db()
    upper.refresh_from_db()
    assert lower.status == "sent" and lower.sent_at == lower.outbound.sent_at
    assert upper.status == "failed" and upper.sent_at is None
    assert letters_delivery_sync() == 0


def test_a_failed_handoff_is_retried_by_the_outbox(client, campaign, smtp_server):
    step2(client, body_lower="Uno.", body_upper="Dos.")
    assert len(smtp_server.to(EMAIL)) == 1  # the confirmation
    smtp_server.fail_next = 1  # the mail server turns the first letter away for now
    client.post(confirm_path())
    assert len(smtp_server.messages) == 2
    [waiting] = OutboundEmail.objects.filter(purpose="action-letter",
                                             status=OutboundEmail.Status.PENDING)
    assert waiting.attempts == 1 and "451" in waiting.last_error
    letters_delivery_sync()
    assert sorted(ActionLetter.objects.values_list("status", flat=True)) == ["queued", "sent"]

    OutboundEmail.objects.filter(pk=waiting.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert email_retry_due() == 1
    letters_delivery_sync()
    assert set(ActionLetter.objects.values_list("status", flat=True)) == {"sent"}
    [retried] = [m for m in smtp_server.messages if m["To"] == waiting.to]
    assert retried["Reply-To"] == EMAIL


def test_confirming_twice_sends_nothing_more(client, campaign):
    path = write_and_confirm(client, body_lower="Uno.", body_upper="Dos.")
    count = len(mail.outbox)
    assert client.post(path).status_code == 302
    assert len(mail.outbox) == count
    assert ActionLetter.objects.filter(status="queued").count() == 2


def test_writing_again_to_the_same_office_is_not_sent_twice(client, campaign):
    write_and_confirm(client, body_lower="Uno.", body_upper="Dos.")
    ActionSubmission.objects.update(emailed_at=timezone.now() - timedelta(hours=1))
    write_and_confirm(client, senate_district="24", assembly_district="53",
                      body_lower="Tres.", body_upper="Cuatro.")
    assert len(to("park@example.org")) == 1  # the senator was already written to
    assert len(to("capitol.okafor@example.org")) == 1
    assert ActionLetter.objects.exclude(status="unconfirmed").count() == 3


def test_a_bad_link_is_refused_and_sends_nothing(client, campaign):
    step2(client, body_lower="Uno.", body_upper="Dos.")
    path = confirm_path()
    tampered = path.replace(path.rstrip("/").rsplit("/", 1)[-1], "x" * 20)
    assert client.get(tampered).status_code == 400
    assert client.post(tampered).status_code == 400
    assert "Este enlace no funciona" in client.get(
        "/es/policy/act/confirm/not-a-token/").content.decode()
    assert len(mail.outbox) == 1


def test_a_campaign_closed_before_confirmation_sends_nothing(client, campaign):
    step2(client, body_lower="Uno.", body_upper="Dos.")
    ActionCampaign.objects.update(is_live=False)
    path = confirm_path()
    response = client.post(path)
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert len(mail.outbox) == 1
    assert set(ActionLetter.objects.values_list("status", flat=True)) == {"unconfirmed"}


# Consent ----------------------------------------------------------------------


def test_asking_for_updates_is_recorded_on_confirmation_in_the_words_shown(client, campaign):
    step2(client, "es", body_lower="Uno.", body_upper="Dos.", wants_updates="on")
    assert not Consent.objects.exists()  # not before the address is confirmed
    path = confirm_path()
    client.post(path)
    [consent] = Consent.objects.all()
    assert consent.person.email == EMAIL
    assert (consent.kind, consent.scope, consent.granted) == ("email", "updates", True)
    assert consent.wording == "Envíenme noticias de la coalición por correo electrónico"
    assert consent.language == "es" and consent.source == "action:ab-2268"


def test_sending_a_letter_alone_records_no_consent_to_mail(client, campaign):
    write_and_confirm(client, body_lower="Uno.", body_upper="Dos.")
    assert not Consent.objects.exists()
    # The letters go as transactional messages sent on the supporter's behalf.
    kinds = set(OutboundEmail.objects.filter(purpose="action-letter").values_list(
        "kind", flat=True))
    assert kinds == {OutboundEmail.Kind.TRANSACTIONAL}


# Throttles and expiry ----------------------------------------------------------------------


def test_sending_again_within_minutes_keeps_one_link_with_the_latest_words(client, campaign):
    step2(client, body_lower="First draft.", body_upper="Dos.")
    step2(client, body_lower="Second draft.", body_upper="Dos.")
    assert len(mail.outbox) == 1
    assert ActionSubmission.objects.count() == 1
    write_path = confirm_path()
    client.post(write_path)
    [letter] = to("martinez@example.org")
    assert "Second draft." in letter.body and "First draft." not in letter.body


def test_an_address_gets_at_most_five_confirmation_emails_a_day(client, seats):
    for number in range(6):
        f.campaign(slug=f"action-{number}")
        step2(client, slug=f"action-{number}", body_lower="Uno.", body_upper="Dos.")
    assert len(mail.outbox) == 5
    assert ActionSubmission.objects.count() == 5


def test_unanswered_submissions_are_forgotten_after_thirty_days(client, campaign):
    step2(client, body_lower="Uno.", body_upper="Dos.")
    assert submissions_expire() == 0
    ActionSubmission.objects.update(created_at=timezone.now() - timedelta(days=31))
    assert submissions_expire() == 1
    assert not ActionLetter.objects.exists()
    # The address was never confirmed: nothing the person typed stays behind.
    assert Person.objects.get(email=EMAIL).name == ""


# Printing only ----------------------------------------------------------------------


def test_letters_of_a_print_only_action_are_not_emailed(client, seats):
    f.campaign(delivery=ActionCampaign.Delivery.PRINT)
    write_and_confirm(client, body_lower="Uno.", body_upper="Dos.")
    assert not OutboundEmail.objects.filter(purpose="action-letter").exists()
    assert set(ActionLetter.objects.values_list("status", flat=True)) == {"queued"}


def test_a_letter_goes_to_the_legislators_address_when_the_office_has_none(client, campaign):
    write_and_confirm(client, body_lower="Uno.", body_upper="Dos.")
    assert ActionLetter.objects.get(chamber=Chamber.LOWER).office.email == ""
    assert len(to("martinez@example.org")) == 1


# A person's data -----------------------------------------------------------------------------


def test_erasing_a_supporter_empties_their_letters_but_keeps_the_counts(client, campaign,
                                                                         staff_user):
    write_and_confirm(client, body_lower="Uno.", body_upper="Dos.")
    assert OutboundEmail.objects.filter(purpose="action-letter").count() == 2
    person = Person.objects.get(email=EMAIL)
    person_erase(person=person, actor=staff_user, reason="Asked by phone",
                 confirmation=EMAIL)
    assert set(ActionLetter.objects.values_list("body", flat=True)) == {""}
    # The copies emailed to the offices held the person's name, address and words.
    assert not OutboundEmail.objects.filter(purpose="action-letter").exists()
    assert not ActionSubmission.objects.filter(email=EMAIL).exists()
    assert ActionLetter.objects.exclude(status="unconfirmed").count() == 2
    assert campaign_supporter_count(campaign) == 1
    exported = ActionSubmission.objects.get()
    assert exported.name == "" and exported.city == ""


def test_a_supporters_data_export_holds_their_letters(client, campaign, staff_user):
    from alianza.coalition.services.privacy import person_data_export

    write_and_confirm(client, body_lower="Mis palabras.", body_upper="Dos.")
    data = person_data_export(person=Person.objects.get(email=EMAIL), actor=staff_user,
                              reason="Asked by email")
    [submission] = data["policy-actions"]
    assert submission["action"] == "ab-2268" and submission["confirmed_at"]
    assert {letter["body"] for letter in submission["letters"]} == {"Mis palabras.", "Dos."}
