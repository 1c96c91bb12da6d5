"""Policy work on a person's timeline and in a merge: the delegation meetings they went
to, the action alerts they answered and the letters sent in their name; bill-alert
preferences and the alerts sent to them move with a merge."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from alianza.core.i18n import pick_text
from alianza.core.people import (
    TimelineEntry,
    person_timeline_register,
    timeline_merge,
    timeline_stream,
)
from alianza.policy.models import (
    ActionLetter,
    ActionSubmission,
    MeetingAttendee,
)


def _campaign_title(campaign) -> str:
    text = pick_text(campaign.texts.all())
    return text.title if text else str(campaign)


def _meetings(person) -> Iterator[TimelineEntry]:
    # A meeting has a date, not a time: it is placed at the start of that day.
    return timeline_stream(
        MeetingAttendee.objects.filter(person=person).select_related(
            "meeting__legislator").order_by("-meeting__date", "-pk"),
        lambda a: TimelineEntry(
            at=timezone.make_aware(datetime.combine(a.meeting.date, time.min)),
            kind="meeting",
            title=_("Met the office of %(legislator)s") % {
                "legislator": a.meeting.legislator.name},
            detail=" · ".join(str(part) for part in (a.get_role_display(),
                                                     a.meeting.purpose) if part),
            url=reverse("policy-staff-meeting", args=[a.meeting_id])))


def _actions(person) -> Iterator[TimelineEntry]:
    answered = timeline_stream(
        ActionSubmission.objects.filter(supporter=person).select_related("campaign")
        .prefetch_related("campaign__texts").order_by("-created_at", "-pk"),
        lambda s: TimelineEntry(
            at=s.created_at, kind="action",
            title=_("Answered the action alert “%(campaign)s”") % {
                "campaign": _campaign_title(s.campaign)},
            detail=pgettext("action alert", "Confirmed") if s.confirmed_at
            else pgettext("action alert", "Not confirmed yet"),
            url=reverse("policy-staff-campaign", args=[s.campaign_id])))
    letters = timeline_stream(
        ActionLetter.objects.filter(supporter=person).filter(
            Q(sent_at__isnull=False) | Q(printed_at__isnull=False))
        .select_related("legislator").order_by("-created_at", "-pk"),
        lambda letter: TimelineEntry(
            at=letter.sent_at or letter.printed_at, kind="letter",
            title=_("Letter to %(legislator)s") % {"legislator": letter.legislator.name},
            detail=f"{letter.subject} · {letter.get_status_display()}",
            url=reverse("policy-staff-campaign-letters", args=[letter.campaign_id])))
    return timeline_merge(answered, letters)


def register() -> None:
    person_timeline_register("policy-meetings", _meetings,
                             label=pgettext_lazy("timeline", "Meetings with legislators"),
                             order=50)
    person_timeline_register("policy-actions", _actions,
                             label=pgettext_lazy("timeline", "Action alerts"), order=51)
