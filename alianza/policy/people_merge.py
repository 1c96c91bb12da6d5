"""Moving a merged-away person's policy work to the person kept: delegation meetings,
action alerts and letters, bill-alert preferences and the alerts sent to them."""

from __future__ import annotations

from django.utils import timezone

from alianza.policy.models import (
    ActionLetter,
    ActionSubmission,
    AlertPreference,
    AlertSent,
    MeetingAttendee,
)

MODELS = ("policy.MeetingAttendee", "policy.ActionSubmission", "policy.ActionLetter",
          "policy.AlertPreference", "policy.AlertSent")


def policy_merge(survivor, duplicate) -> dict[str, int]:
    moved = {"meetings_combined": 0}
    went = set(MeetingAttendee.objects.filter(person=survivor).values_list("meeting_id",
                                                                           flat=True))
    # Both records in one delegation: one attendee row, the survivor's.
    moved["meetings_combined"] = MeetingAttendee.objects.filter(
        person=duplicate, meeting_id__in=went).delete()[0]
    moved["meetings"] = MeetingAttendee.objects.filter(person=duplicate).update(
        person=survivor)
    moved["action_submissions"] = ActionSubmission.objects.filter(supporter=duplicate).update(
        supporter=survivor, modified_at=timezone.now())
    moved["action_letters"] = ActionLetter.objects.filter(supporter=duplicate).update(
        supporter=survivor)
    if AlertPreference.objects.filter(person=survivor).exists():
        AlertPreference.objects.filter(person=duplicate).delete()  # the survivor's choice
    else:
        moved["alert_preferences"] = AlertPreference.objects.filter(person=duplicate).update(
            person=survivor)
    moved["alerts_sent"] = AlertSent.objects.filter(person=duplicate).update(person=survivor)
    return moved
