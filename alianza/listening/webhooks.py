"""Listening's webhook event: a survey respondent who left contact details to be contacted.

Sent as ``submission.received`` only when the respondent gave an email address and ticked
the box asking to be contacted; the payload names the survey and carries the contact
details they gave, never their answers, which stay in the survey's own (anonymous) records.
"""

from __future__ import annotations

from alianza.core.webhooks import events
from alianza.core.webhooks.events import identifiers, osdi_payload, osdi_person
from alianza.core.webhooks.services import webhook_event_emit


def survey_contact_emit(*, response, contact, person, language: str) -> int:
    if not contact.email:
        return 0

    def payload() -> list:
        survey = response.survey
        data = osdi_person(person, name=contact.name, email=contact.email, language=language)
        data["phone_numbers"] = ([{"number": contact.phone, "primary": True}]
                                 if contact.phone else [])
        return osdi_payload(
            "osdi:submission", response, created=response.submitted_at,
            form={"name": "survey", "identifiers": identifiers(survey), "slug": survey.slug},
            person=data)

    return webhook_event_emit(event=events.SUBMISSION_RECEIVED, payload=payload)
