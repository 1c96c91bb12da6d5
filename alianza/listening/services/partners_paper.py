"""Recording a paper response typed in by staff, with the respondent's contact if they
ticked the box.

The entry form carries a one-time key, kept in ``Response.submission_key``: a form sent
twice (a double click, a reload after a slow answer) finds the response the first sending
made instead of making a second one. The unique column decides a race between two sendings.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import translation

from alianza.coalition.models import Consent
from alianza.coalition.services.people import consent_record, person_get_or_create
from alianza.listening.models import Partner, Response, ResponseContact, Survey
from alianza.listening.paper.pdf import contact_wording
from alianza.listening.services.responses import response_record

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
CONSENT_SOURCE = "paper"


class SubmissionKeyElsewhere(Exception):
    """The key belongs to a response to another survey: the form was tampered with."""


def submission_key_new() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class PaperContact:
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class PaperEntry:
    response: Response
    created: bool  # False: this form had already been saved


def _existing(key: str, survey: Survey) -> Response | None:
    found = Response.objects.filter(submission_key=key).first()
    if found is not None and found.survey_id != survey.pk:
        raise SubmissionKeyElsewhere(key)
    return found


def paper_response_record(*, survey: Survey, submission_key: str, answers: Mapping[str, Any],
                          language: str, partner: Partner | None = None,
                          respondent_type: str = "", contact: PaperContact | None = None,
                          entered_by=None) -> PaperEntry:
    """Record one paper form to ``survey``'s published version; raises ``AnswersRefused``
    (nothing written) when an answer is refused.

    ``contact`` is given only when the respondent ticked "you may contact me": it is kept
    apart from the answers, and the consent is recorded in the words printed on the form.
    """
    existing = _existing(submission_key, survey)
    if existing is not None:
        return PaperEntry(existing, created=False)
    version = survey.current_version
    try:
        with transaction.atomic():
            response = response_record(
                version=version, answers=answers, language=language, partner=partner,
                respondent_type=respondent_type, channel=Response.Channel.PAPER,
                entered_by=entered_by,
                response=Response(survey=survey, version=version,
                                  submission_key=submission_key))
            if contact is not None:
                _contact_record(response=response, survey=survey, contact=contact,
                                language=language)
    except IntegrityError:
        # The same form, sent twice at once: the other sending saved it.
        existing = _existing(submission_key, survey)
        if existing is None:
            raise
        return PaperEntry(existing, created=False)
    return PaperEntry(response, created=True)


def _contact_record(*, response: Response, survey: Survey, contact: PaperContact,
                    language: str) -> ResponseContact:
    with translation.override(language):
        wording = contact_wording()
    person = None
    if contact.email:
        person, _created = person_get_or_create(email=contact.email, name=contact.name,
                                                preferred_language=language,
                                                phone=contact.phone)
    kept = ResponseContact.objects.create(response=response, person=person, name=contact.name,
                                          email=contact.email, phone=contact.phone,
                                          language=language)
    if person is not None:
        consent_record(person=person, kind=Consent.Kind.SURVEY_CONTACT, scope=survey.slug,
                       granted=True, wording=wording, language=language, source=CONSENT_SOURCE)
    else:
        # A phone number only: there is no person record to hang the consent on (people
        # are known by email), but what was agreed, when and in which words is still kept.
        Consent.objects.create(person=None, kind=Consent.Kind.SURVEY_CONTACT,
                               scope=survey.slug, granted=True, wording=wording,
                               language=language, source=CONSENT_SOURCE)
    return kept
