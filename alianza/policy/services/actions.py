"""Writes for action alerts: campaigns, a supporter's letters, confirming them, delivering
them to the offices, and printing them for a delegation visit.

A supporter's letters wait until they confirm their address from the emailed link (double
opt-in, as for signatures): a stranger can type anyone's address, and a letter signed with
someone's name must not reach a legislator without them. The public page answers every
submission the same way; what is true goes by email to the address typed, at most once per
``RESEND_AFTER`` per campaign and ``DAILY_CAP`` times a day. Opening the link (a POST, so
link scanners confirm nothing) records the consent they gave, if any, and sends the letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import Consent, Person, normalize_email
from alianza.coalition.services.people import consent_record, person_confirmed_apply, person_find
from alianza.core.models import OutboundEmail
from alianza.core.services import email_queue, supported_language
from alianza.policy import webhooks
from alianza.policy.letters import LetterValues, district_label, fill, legislator_title
from alianza.policy.models import (
    ActionCampaign,
    ActionCampaignText,
    ActionLetter,
    ActionSubmission,
    Bill,
    BudgetItem,
    Office,
)
from alianza.policy.selectors.actions import (
    CONFIRMED,
    Seat,
    campaign_about,
    campaign_for_reader,
    campaign_text,
)

CONFIRM_SALT = "alianza.policy.action-confirm"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 30  # thirty days, like the coalition's links
RESEND_AFTER = timedelta(minutes=10)
DAILY_CAP = 5
MAX_BODY = 10_000

EMPTY_BODY = _("Your letter is empty. Write a few words in your own voice, or keep the "
               "suggested letter.")
REFUSALS = {
    "closed": _("This action alert is closed: it no longer takes letters."),
    "no_one": _("No one holds the seats for your districts right now, so there is no one to "
                "write to. Check your districts, or come back after the seats are filled."),
}


class ActionRefused(Exception):
    """The campaign takes no letter; ``message`` says why in the reader's language."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = REFUSALS[code]
        super().__init__(code)


# Campaigns ------------------------------------------------------------------------------


def campaign_create(*, slug: str, bill: Bill | None, budget_item: BudgetItem | None,
                    targets: str, delivery: str, is_live: bool, show_count: bool,
                    texts: dict[str, dict[str, str]], created_by=None) -> ActionCampaign:
    campaign = ActionCampaign(slug=slug, created_by=created_by)
    return _campaign_save(campaign, bill=bill, budget_item=budget_item, targets=targets,
                          delivery=delivery, is_live=is_live, show_count=show_count,
                          texts=texts)


def campaign_update(*, campaign: ActionCampaign, slug: str, bill: Bill | None,
                    budget_item: BudgetItem | None, targets: str, delivery: str,
                    is_live: bool, show_count: bool,
                    texts: dict[str, dict[str, str]]) -> ActionCampaign:
    campaign.slug = slug
    return _campaign_save(campaign, bill=bill, budget_item=budget_item, targets=targets,
                          delivery=delivery, is_live=is_live, show_count=show_count,
                          texts=texts)


@transaction.atomic
def _campaign_save(campaign: ActionCampaign, *, texts: dict[str, dict[str, str]],
                   **values) -> ActionCampaign:
    """``texts`` is {language: {title, call_to_action, letter_subject, letter_template}};
    a language left wholly blank has no text (readers of it see the English one)."""
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    for language, fields in texts.items():
        if not any(value.strip() for value in fields.values()):
            ActionCampaignText.objects.filter(campaign=campaign, language=language).delete()
            continue
        text = (ActionCampaignText.objects.filter(campaign=campaign, language=language).first()
                or ActionCampaignText(campaign=campaign, language=language))
        for name, value in fields.items():
            setattr(text, name, value.strip())
        text.full_clean()
        text.save()
    return campaign


# A supporter's letters ---------------------------------------------------------------------


@dataclass
class LetterDraft:
    """One letter as the supporter sends it: to whom, and their words."""

    seat: Seat
    body: str


def letter_values(*, campaign: ActionCampaign, seat: Seat, supporter_name: str, city: str,
                  language: str) -> dict[str, str]:
    values = LetterValues(
        legislator=seat.legislator.name if seat.legislator else "", chamber=seat.chamber,
        district_number=seat.number, supporter_name=supporter_name, city=city,
        bill=campaign_about(campaign, language))
    return values.in_language(language)


def letter_suggested(*, campaign: ActionCampaign, seat: Seat, supporter_name: str, city: str,
                     language: str) -> str:
    """The campaign's letter for this seat, filled in, in the supporter's language."""
    text = campaign_text(campaign, language)
    if text is None:
        return ""
    return fill(text.letter_template, letter_values(
        campaign=campaign, seat=seat, supporter_name=supporter_name, city=city,
        language=language))


def letter_subject(*, campaign: ActionCampaign, seat: Seat, supporter_name: str, city: str
                   ) -> str:
    """The subject in the office's language: the office reads it before the letter."""
    language = seat.letter_language
    text = campaign_text(campaign, language)
    subject = text.letter_subject if text else campaign.slug
    return fill(subject, letter_values(campaign=campaign, seat=seat,
                                       supporter_name=supporter_name, city=city,
                                       language=language))[:255]


def body_check(body: str) -> str:
    """The body as it will be kept, or ValidationError if there is nothing to send.

    Kept verbatim: only the browser's CRLF line endings become plain newlines (a property
    of the form submission, not of what the supporter wrote)."""
    body = body.replace("\r\n", "\n")
    if not body.strip():
        raise ValidationError(EMPTY_BODY, code="empty")
    if len(body) > MAX_BODY:
        raise ValidationError(_("Your letter is too long: keep it under %(limit)s characters."),
                              code="too_long", params={"limit": f"{MAX_BODY:,}"})
    return body


def _person_for(*, email: str, name: str, language: str) -> Person:
    """The person with this address, created if new, without a name: as with the other
    sign-ups, the name and language typed wait on the submission and reach the person only
    when the address's owner confirms (``person_confirmed_apply``), so a submission never
    confirmed leaves no name behind."""
    person = person_find(email=email)
    if person is not None:
        return person
    try:
        with transaction.atomic():
            return Person.objects.create(email=email)
    except IntegrityError:  # created by a simultaneous submission: use that row
        return Person.objects.get(email=email)


def submission_create(
    *, campaign: ActionCampaign, name: str, email: str, city: str, zip_code: str,
    language: str, drafts: list[LetterDraft], updates_requested: bool = False,
    updates_wording: str = "", tags: Sequence[str] = (), now: datetime | None = None,
) -> ActionSubmission | None:
    """Keep the supporter's letters until they confirm, and email them the link.

    Raises ActionRefused (closed campaign, nobody to write to) or ValidationError (an empty
    letter); nothing is stored then. Returns None when the address has had its share of
    emails today: the public answer is the same, and nothing is kept.
    """
    now = now or timezone.now()
    if not campaign.is_live:
        raise ActionRefused("closed")
    drafts = [d for d in drafts if d.seat.legislator is not None and d.seat.district]
    if not drafts:
        raise ActionRefused("no_one")
    bodies = [body_check(d.body) for d in drafts]
    address = normalize_email(email)
    name = " ".join(name.split())
    language = supported_language(language)
    with transaction.atomic():
        person = _person_for(email=address, name=name, language=language)
        submission = (ActionSubmission.objects.select_for_update()
                      .filter(campaign=campaign, email=address, confirmed_at__isnull=True,
                              emailed_at__gt=now - RESEND_AFTER)
                      .order_by("-created_at").first())
        emailing = submission is None
        if submission is not None:
            # Sent again within minutes: the link already emailed confirms the latest words.
            submission.letters.all().delete()
        elif ActionSubmission.objects.filter(
                email=address, emailed_at__gt=now - timedelta(days=1)).count() >= DAILY_CAP:
            return None
        else:
            submission = ActionSubmission(campaign=campaign, email=address, emailed_at=now)
        submission.supporter = person
        submission.name, submission.city, submission.zip_code = name, city.strip(), zip_code
        submission.language = language
        submission.updates_requested = updates_requested
        submission.updates_wording = str(updates_wording) if updates_requested else ""
        submission.tags = [" ".join(str(t).split()) for t in tags if str(t).strip()]
        submission.save()
        letters = [
            ActionLetter(
                campaign=campaign, submission=submission, supporter=person,
                legislator=draft.seat.legislator, office=draft.seat.office,
                chamber=draft.seat.chamber, district=draft.seat.district,
                language=draft.seat.letter_language, supporter_language=language,
                subject=letter_subject(campaign=campaign, seat=draft.seat,
                                       supporter_name=name, city=submission.city),
                body=body,
            )
            for draft, body in zip(drafts, bodies, strict=True)
        ]
        ActionLetter.objects.bulk_create(letters)
        if emailing:
            _confirmation_email(submission, drafts)
    return submission


def confirm_token(*, submission_id: int, email: str) -> str:
    return signing.dumps({"a": submission_id, "e": email}, salt=CONFIRM_SALT, compress=True)


def confirm_token_read(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and {"a", "e"} <= data.keys() else None


def _absolute(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def _confirmation_email(submission: ActionSubmission, drafts: list[LetterDraft]) -> None:
    language = submission.language
    campaign = submission.campaign
    recipients = [
        {"name": legislator_title(d.seat.chamber, d.seat.legislator.name, language),
         "district": district_label(d.seat.chamber, d.seat.number, language)}
        for d in drafts
    ]
    email_queue(
        to=submission.email, template="policy/email/action_confirm",
        context={
            "name": submission.name,
            "title": campaign_for_reader(campaign, language).title,
            "recipients": recipients,
            "by_email": campaign.emails_offices,
            "printed": campaign.prints_letters,
            "confirm_url": _absolute(language, "policy-action-confirm", token=confirm_token(
                submission_id=submission.pk, email=submission.email)),
        },
        language=language, purpose="action-confirm",
    )


@dataclass
class ConfirmOutcome:
    submission: ActionSubmission
    state: str  # "confirmed", "already" (confirmed before) or "closed"
    letters: list[ActionLetter] = field(default_factory=list)
    duplicates: int = 0


def submission_pending(token: str) -> ActionSubmission | None:
    """The submission a confirmation link is for, if the link is still good."""
    data = confirm_token_read(token)
    if data is None:
        return None
    return (ActionSubmission.objects.select_related("campaign")
            .filter(pk=data["a"], email=data["e"]).first())


@transaction.atomic
def submission_confirm(*, token: str, now: datetime | None = None) -> ConfirmOutcome | None:
    """Carry out the submission named in ``token``: its owner confirms it from their mailbox.

    Confirming twice changes nothing and sends nothing the second time. A letter to a
    legislator this supporter already wrote to in this campaign is dropped, so an office
    never gets the same person twice. Returns None for a link that is bad or too old.
    """
    data = confirm_token_read(token)
    if data is None:
        return None
    submission = (ActionSubmission.objects.select_for_update(of=("self",))
                  .select_related("campaign", "supporter")
                  .filter(pk=data["a"], email=data["e"]).first())
    if submission is None:
        return None
    if submission.confirmed_at is not None:
        return ConfirmOutcome(submission, "already")
    campaign = submission.campaign
    if not campaign.is_live:
        return ConfirmOutcome(submission, "closed")
    now = now or timezone.now()
    person = submission.supporter or _person_for(
        email=submission.email, name=submission.name, language=submission.language)
    person_confirmed_apply(person=person, name=submission.name, language=submission.language,
                           now=now)
    submission.supporter = person
    submission.confirmed_at = now
    submission.save(update_fields=["supporter", "confirmed_at", "modified_at"])
    written = set(ActionLetter.objects.filter(
        campaign=campaign, supporter=person, status__in=CONFIRMED,
    ).values_list("legislator_id", flat=True))
    outcome = ConfirmOutcome(submission, "confirmed")
    for letter in submission.letters.select_related("legislator", "office", "district"):
        if letter.legislator_id in written:
            letter.delete()
            outcome.duplicates += 1
            continue
        written.add(letter.legislator_id)
        letter.supporter = person
        letter.status = ActionLetter.Status.QUEUED
        letter.confirmed_at = now
        if campaign.emails_offices:
            letter.outbound = _letter_email(letter, submission)
        letter.save(update_fields=["supporter", "status", "confirmed_at", "outbound"])
        webhooks.letter_emit(letter=letter, person=person, submission=submission)
        outcome.letters.append(letter)
    if submission.updates_requested:
        # Given on the form, in these words; recorded now that the address is confirmed.
        consent_record(person=person, kind=Consent.Kind.EMAIL, scope="updates", granted=True,
                       wording=submission.updates_wording, language=submission.language,
                       source=f"action:{campaign.slug}")
    if submission.tags:
        from alianza.outreach.services.api_tags import action_tags_add

        action_tags_add(person=person, email=submission.email, names=submission.tags)
    return outcome


def letter_address(letter: ActionLetter) -> str:
    if letter.office is not None and letter.office.email:
        return letter.office.email
    return letter.legislator.email


def _letter_email(letter: ActionLetter, submission: ActionSubmission) -> OutboundEmail | None:
    """Queue the letter to the office, in the office's language around the supporter's words.

    Transactional, not bulk: the supporter asked for exactly this message, confirmed it from
    their own mailbox, and it goes to a public office's published address on their behalf.
    Bulk email needs the recipient's consent to the coalition's mail; here the coalition is
    only the carrier of a constituent's letter, and the office is written to once per
    supporter. Replies go to the supporter, whose letter it is.
    """
    address = letter_address(letter)
    if not address:
        return None  # no address on file: the letter waits to be printed
    return email_queue(
        to=address, template="policy/email/action_letter",
        context=letter_context(letter, submission),
        language=letter.language, purpose="action-letter", reply_to_address=submission.email,
    )


def letter_context(letter: ActionLetter, submission: ActionSubmission) -> dict:
    """What surrounds the supporter's words, in the office's language."""
    language = letter.language
    return {
        "letter": letter,
        "subject": letter.subject,
        "greeting_name": legislator_title(letter.chamber, letter.legislator.name, language),
        "district": district_label(letter.chamber, letter.district.number, language),
        "body": letter.body,
        "name": submission.name,
        "place": ", ".join(p for p in (submission.city, submission.zip_code) if p),
        "email": submission.email,
        "about": campaign_about(letter.campaign, language),
    }


# Delivery and printing ---------------------------------------------------------------------


def letters_delivery_sync() -> int:
    """Copy what the outbox did (sent, or given up after its retries) onto the letters."""
    letters = list(ActionLetter.objects.filter(
        status=ActionLetter.Status.QUEUED,
        outbound__status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED],
    ).select_related("outbound"))
    for letter in letters:
        if letter.outbound.status == OutboundEmail.Status.SENT:
            letter.status, letter.sent_at = ActionLetter.Status.SENT, letter.outbound.sent_at
        else:
            letter.status = ActionLetter.Status.FAILED
    ActionLetter.objects.bulk_update(letters, ["status", "sent_at"])
    return len(letters)


def letters_mark_printed(*, campaign: ActionCampaign, office: Office,
                         now: datetime | None = None) -> int:
    """Note that the letters to ``office`` were printed for a visit. A letter that was not
    emailed is delivered by being printed; an emailed one keeps its status."""
    now = now or timezone.now()
    letters = ActionLetter.objects.filter(campaign=campaign, office=office,
                                          status__in=CONFIRMED, printed_at__isnull=True)
    marked = letters.count()
    letters.filter(status=ActionLetter.Status.QUEUED, outbound__isnull=True).update(
        status=ActionLetter.Status.PRINTED)
    letters.update(printed_at=now)
    return marked


def submissions_expire(*, now: datetime | None = None) -> int:
    """Forget submissions whose link expired unanswered: their words were never confirmed
    by the address's owner."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=CONFIRM_MAX_AGE)
    _total, deleted = ActionSubmission.objects.filter(confirmed_at__isnull=True,
                                                      created_at__lt=cutoff).delete()
    return deleted.get(ActionSubmission._meta.label, 0)
