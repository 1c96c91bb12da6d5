"""What a workgroup's leads do with their group: take someone off the roster, announce the
next meeting or cancel it. Staff allowed to manage every roster may do the same."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alianza.coalition.models import (
    Workgroup,
    WorkgroupMeeting,
    WorkgroupMeetingText,
    WorkgroupMembership,
    WorkgroupRosterChange,
)
from alianza.core.i18n import pick_text
from alianza.core.services import email_queue, supported_language

# What staff who are not the group's leads need for each lead's tool.
REMOVE_PERM = "coalition.delete_workgroupmembership"
MEETING_PERM = "coalition.change_workgroup"


def user_may_lead(user, workgroup: Workgroup, *, staff_perm: str) -> bool:
    """Leads of this group, and staff holding ``staff_perm`` for every group."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff and user.has_perm(staff_perm):
        return True
    return workgroup.leads.filter(pk=user.pk).exists()


@transaction.atomic
def workgroup_participant_remove(
    *, membership: WorkgroupMembership, removed_by, reason: str = "", notify: bool = True,
) -> WorkgroupRosterChange:
    """Take a person off the roster, keep a record of it, and tell them in their language.

    The membership row goes, so the person may sign up again later (and confirm again).
    """
    membership = (WorkgroupMembership.objects.select_for_update()
                  .select_related("workgroup", "person").get(pk=membership.pk))
    person, workgroup = membership.person, membership.workgroup
    change = WorkgroupRosterChange(
        workgroup=workgroup, person=person, person_name=person.name[:200],
        action=WorkgroupRosterChange.Action.REMOVED, reason=reason.strip(),
        changed_by=removed_by,
    )
    change.full_clean()
    change.save()
    was_confirmed = membership.is_confirmed
    membership.delete()
    if notify and was_confirmed and person.email and not person.erased_at:
        language = supported_language(person.preferred_language)
        with translation.override(language):
            signup_url = settings.SITE_URL + reverse("coalition-workgroups")
        email_queue(
            to=person.email, template="coalition/email/workgroup_removed",
            context={"workgroup_name": _name(workgroup, language), "signup_url": signup_url},
            language=language, purpose="workgroup-removed",
        )
    return change


@transaction.atomic
def workgroup_meeting_post(
    *, workgroup: Workgroup, starts_at: datetime, place: str = "", link: str = "",
    agendas: dict[str, str], posted_by, now: datetime | None = None,
) -> WorkgroupMeeting:
    """Announce a meeting; ``agendas`` maps language codes to the agenda in that language."""
    if starts_at <= (now or timezone.now()):
        raise ValidationError({"starts_at": _("The meeting must be in the future.")})
    agendas = {language: text.strip() for language, text in agendas.items() if text.strip()}
    if not agendas:
        raise ValidationError(_("Write the agenda in at least one language."))
    meeting = WorkgroupMeeting(workgroup=workgroup, starts_at=starts_at, place=place.strip(),
                               link=link.strip(), posted_by=posted_by)
    meeting.full_clean()
    meeting.save()
    for language, agenda in agendas.items():
        text = WorkgroupMeetingText(meeting=meeting, language=language, agenda=agenda)
        text.full_clean()
        text.save()
    return meeting


@transaction.atomic
def workgroup_meeting_cancel(*, meeting_id: int, workgroup: Workgroup, cancelled_by,
                             now: datetime | None = None) -> WorkgroupMeeting:
    """Mark an announced meeting cancelled; it stays listed, as cancelled, until its date."""
    meeting = (WorkgroupMeeting.objects.select_for_update()
               .filter(pk=meeting_id, workgroup=workgroup).first())
    if meeting is None:
        raise ValidationError(_("This meeting is not one of this workgroup's meetings."))
    if meeting.cancelled_at is not None:
        raise ValidationError(_("This meeting was already cancelled."))
    if meeting.starts_at <= (now or timezone.now()):
        raise ValidationError(_("This meeting has already taken place."))
    meeting.cancelled_at = now or timezone.now()
    meeting.cancelled_by = cancelled_by
    meeting.save(update_fields=["cancelled_at", "cancelled_by"])
    return meeting


def _name(workgroup: Workgroup, language: str) -> str:
    text = pick_text(workgroup.texts.all(), language)
    return text.name if text else workgroup.slug
