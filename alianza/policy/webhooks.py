"""Policy's webhook event: a supporter's letter to a legislator, recorded once they confirm it.

Sent as ``outreach.sent`` when the supporter confirms their submission: the letter is then
queued to the office's email (``delivery: "email"``) or kept to be printed for a visit
(``delivery: "print"``) when the office has no address on file.
"""

from __future__ import annotations

from alianza.core.webhooks import events
from alianza.core.webhooks.events import identifiers, osdi_payload, osdi_person
from alianza.core.webhooks.services import webhook_event_emit


def letter_emit(*, letter, person, submission) -> int:
    def payload() -> list:
        legislator = letter.legislator
        return osdi_payload(
            "osdi:outreach", letter, created=letter.confirmed_at,
            type="email", delivery="email" if letter.outbound_id else "print",
            subject=letter.subject, language=letter.language,
            campaign={"identifiers": identifiers(letter.campaign),
                      "slug": letter.campaign.slug},
            targets=[{"identifiers": identifiers(legislator), "name": legislator.name,
                      "chamber": letter.chamber, "district": letter.district.number}],
            person=osdi_person(person, language=submission.language))

    return webhook_event_emit(event=events.OUTREACH_SENT, payload=payload)
