"""A respondent's way through a survey: starting, saving each page, and sending.

The respondent's device holds a random token in a cookie; the database keeps only a keyed
hash of it (``Response.resume_key``), so a copy of the database cannot be used to take over
someone's answers, and the token does not depend on the page's language. Answers wait in
``Response.draft`` until the respondent sends them; ``response_record`` then writes the
rows. Sending carries a one-time key derived from the token, so a second click, or the back
button and sending again, finds the response already recorded instead of making another.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.crypto import salted_hmac

from alianza.coalition.models import Consent
from alianza.coalition.models.base import subject_key
from alianza.listening import webhooks
from alianza.listening.frames.assign import NoFramesError, frame_assign
from alianza.listening.models import Frame, Partner, Response, ResponseContact, Survey
from alianza.listening.services.responses import response_record

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def resume_key_for(token: str) -> str:
    return salted_hmac("alianza.listening.resume", token, algorithm="sha256").hexdigest()


def submission_key_for(token: str) -> str:
    return salted_hmac("alianza.listening.submission", token, algorithm="sha256").hexdigest()


def response_for_token(survey: Survey, token: str | None) -> Response | None:
    """The in-progress response this device started on ``survey``, if any."""
    if not token or len(token) > 100:
        return None
    return (Response.objects.select_related("version", "partner", "frame")
            .filter(survey=survey, resume_key=resume_key_for(token),
                    status=Response.Status.IN_PROGRESS).order_by().first())


def response_start(*, survey: Survey, token: str, language: str,
                   partner: Partner | None = None, respondent_type: str = "") -> Response:
    """A new in-progress response to the survey's current version, tied to ``token``."""
    return Response.objects.create(
        survey=survey, version_id=survey.current_version_id, partner=partner,
        language=language, respondent_type=respondent_type, resume_key=resume_key_for(token),
    )


def response_draft_save(*, response: Response, values: Mapping[str, Any], position: int,
                        language: str) -> None:
    """Keep the answers so far and the page to come back to, in one UPDATE."""
    response.draft = dict(values)
    response.section_position = position
    response.language = language
    Response.objects.filter(pk=response.pk, status=Response.Status.IN_PROGRESS).update(
        draft=response.draft, section_position=position, language=language)


def response_partner_set(*, response: Response, partner: Partner) -> None:
    """A partner's link opened on a device with a response already started: the first
    partner whose link brought the respondent is the one credited."""
    if response.partner_id is None:
        response.partner = partner
        Response.objects.filter(pk=response.pk, partner__isnull=True).update(partner=partner)


def response_frame_assign(*, response: Response) -> Frame | None:
    """Give the response its frame the first time it reaches a section showing one."""
    if response.frame_id is not None:
        return response.frame
    try:
        frame, slot = frame_assign(survey=response.survey)
    except NoFramesError:  # a frame test whose frames are not written yet shows none
        return None
    response.frame, response.frame_slot = frame, slot
    Response.objects.filter(pk=response.pk, frame__isnull=True).update(frame=frame,
                                                                       frame_slot=slot)
    return frame


@dataclass
class ContactGiven:
    name: str
    email: str
    phone: str
    wording: str  # the checkbox's words exactly as the respondent saw them


def response_submit(*, survey: Survey, token: str, language: str,
                    contact: ContactGiven | None = None) -> Response | None:
    """Record the response this device has in progress on ``survey``; None if there is none
    (never started, or already sent: a sent response cannot be changed through its cookie).

    Raises ``AnswersRefused`` (nothing written) when an answer is refused.
    """
    from alianza.listening.selectors.public import version_structure

    if not token or len(token) > 100:
        return None
    with transaction.atomic():
        # Locked so that two clicks arriving together record the answers once: the second
        # waits, then finds the response sent and its resume key gone.
        response = (Response.objects.select_for_update(of=("self",))
                    .select_related("version")
                    .filter(survey=survey, resume_key=resume_key_for(token),
                            status=Response.Status.IN_PROGRESS).order_by().first())
        if response is None:
            return None
        response.survey = survey
        response.submission_key = submission_key_for(token)
        response = response_record(
            version=response.version, answers=response.draft, language=language,
            response=response, questions=version_structure(response.version).questions)
        if contact is not None:
            _contact_record(response=response, contact=contact, language=language)
    return response


def _contact_record(*, response: Response, contact: ContactGiven, language: str) -> None:
    from alianza.coalition.services.people import person_find

    person = person_find(email=contact.email) if contact.email else None
    ResponseContact.objects.create(response=response, person=person, name=contact.name,
                                   email=contact.email, phone=contact.phone,
                                   language=language)
    consent = Consent(person=person, kind=Consent.Kind.SURVEY_CONTACT,
                      scope=response.survey.slug, granted=True, wording=contact.wording,
                      language=language, source="survey")
    if person is None and contact.email:
        # No person in the coalition's records: the keyed hash still ties a later
        # request about this address to this consent.
        consent.subject_key = subject_key(contact.email)
    consent.save()
    webhooks.survey_contact_emit(response=response, contact=contact, person=person,
                                 language=language)


def response_find_submitted(submission_key: str) -> Response | None:
    if not submission_key or len(submission_key) > 64:
        return None
    return Response.objects.filter(submission_key=submission_key,
                                   status=Response.Status.SUBMITTED).first()
