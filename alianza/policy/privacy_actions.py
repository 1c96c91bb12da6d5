"""Action alerts' part of a person's data, for export and erasure (core.privacy).

Erasure keeps each confirmed letter's row, emptied of the person's words, so the counts per
legislator and district still add up; what was never confirmed goes entirely. Letters
already delivered to an office are the office's record, beyond the coalition's reach.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from alianza.core.models import OutboundEmail
from alianza.policy.models import ActionLetter, ActionSubmission


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _submissions(person) -> Q:
    addresses = [person.email, *person.other_emails.values_list("email", flat=True)]
    return Q(supporter=person) | Q(email__in=[a.strip().lower() for a in addresses if a])


def actions_export(person) -> list[dict[str, Any]]:
    rows = (ActionSubmission.objects.filter(_submissions(person))
            .select_related("campaign").prefetch_related("letters__legislator"))
    return [
        {"action": s.campaign.slug, "name": s.name, "email": s.email, "city": s.city,
         "zip_code": s.zip_code, "language": s.language,
         "asked_for_updates": s.updates_requested, "created_at": _when(s.created_at),
         "confirmed_at": _when(s.confirmed_at),
         "letters": [{"to": letter.legislator.name, "chamber": letter.chamber,
                      "subject": letter.subject, "body": letter.body, "status": letter.status,
                      "sent_at": _when(letter.sent_at), "printed_at": _when(letter.printed_at)}
                     for letter in s.letters.all()]}
        for s in rows
    ]


def actions_erase(person) -> dict[str, int]:
    submissions = ActionSubmission.objects.filter(_submissions(person))
    unconfirmed = submissions.filter(confirmed_at__isnull=True)
    removed = unconfirmed.count()
    unconfirmed.delete()
    kept = submissions.filter(confirmed_at__isnull=False)
    # The copies emailed to offices carry the person's name, address and words, and are
    # addressed to the office, so the outbox's own erasure (by recipient) misses them.
    outbound_ids = list(ActionLetter.objects.filter(submission__in=kept, outbound__isnull=False)
                        .values_list("outbound_id", flat=True))
    _count, removed_emails = OutboundEmail.objects.filter(pk__in=outbound_ids).delete()
    # The person's own row stays (emptied by the coalition's erasure), so each letter still
    # counts once per supporter.
    letters = ActionLetter.objects.filter(submission__in=kept).update(body="", subject="")
    emptied = kept.update(name="", email=f"erased-{person.pk}@erased.invalid", city="",
                          zip_code="", updates_wording="",
                          modified_at=timezone.now())
    return {"submissions_removed": removed, "submissions_emptied": emptied,
            "letters_emptied": letters,
            "office_emails_removed": removed_emails.get(OutboundEmail._meta.label, 0)}
