"""Staff writes about advocacy meetings: the meeting, its delegation and asks, follow-ups,
attachments, and the daily reminder of follow-ups that are due."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alianza.policy.models import (
    FollowUpReminder,
    Legislator,
    Meeting,
    MeetingAsk,
    MeetingAttachment,
    MeetingAttendee,
    MeetingFollowUp,
    Office,
)

logger = logging.getLogger(__name__)
MEETING_FIELDS = ("date", "legislator", "office", "status", "purpose", "office_said",
                  "outcome")


def meeting_check(*, date: datetime.date, status: str, legislator: Legislator,
                  office: Office | None, today: datetime.date | None = None) -> None:
    """The rules a meeting keeps whatever page saves it."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if status == Meeting.Status.DONE and date > today:
        errors["status"] = _(
            "A meeting on %(date)s has not happened yet, so it cannot be marked as held. Keep "
            "it planned, or correct the date.") % {"date": date_format(date, "DATE_FORMAT")}
    if office is not None and office.legislator_id != legislator.pk:
        errors["office"] = _("This office belongs to another legislator.")
    if errors:
        raise ValidationError(errors)


def _apply(meeting: Meeting, values: dict[str, Any]) -> None:
    unknown = set(values) - {*MEETING_FIELDS, "bills", "budget_items"}
    if unknown:
        raise TypeError(f"not meeting fields: {sorted(unknown)}")
    for key in MEETING_FIELDS:
        if key in values:
            setattr(meeting, key, values[key])
    meeting_check(date=meeting.date, status=meeting.status, legislator=meeting.legislator,
                  office=meeting.office)
    meeting.full_clean()
    meeting.save()
    if "bills" in values:
        meeting.bills.set(values["bills"])
    if "budget_items" in values:
        meeting.budget_items.set(values["budget_items"])


@transaction.atomic
def meeting_create(*, created_by=None, **values) -> Meeting:
    meeting = Meeting(created_by=created_by)
    _apply(meeting, values)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, **values) -> Meeting:
    _apply(meeting, values)
    return meeting


@transaction.atomic
def meeting_attendees_set(*, meeting: Meeting, attendees: list[tuple[Any, str]]) -> None:
    """The delegation is exactly ``attendees`` (person, role). Rows left by an erasure
    (no person, the role kept) stay: they still count who went."""
    people = [person.pk for person, _role in attendees]
    if len(people) != len(set(people)):
        raise ValidationError(_("The same person is listed twice."))
    meeting.attendees.filter(person__isnull=False).exclude(person__in=people).delete()
    have = {a.person_id: a for a in meeting.attendees.filter(person__in=people)}
    for person, role in attendees:
        row = have.get(person.pk)
        if row is None:
            MeetingAttendee.objects.create(meeting=meeting, person=person, role=role)
        elif row.role != role:
            row.role = role
            row.save(update_fields=["role"])


@transaction.atomic
def meeting_asks_set(*, meeting: Meeting, asks: list[dict[str, Any]]) -> None:
    """The asks are exactly ``asks`` (text, bill or budget_item, response)."""
    rows = []
    for values in asks:
        ask = MeetingAsk(meeting=meeting, text=values["text"], bill=values.get("bill"),
                         budget_item=values.get("budget_item"),
                         response=values.get("response", ""))
        if (ask.bill is None) == (ask.budget_item is None):
            raise ValidationError(_("Each ask is about one bill or one budget item."))
        rows.append(ask)
    meeting.asks.all().delete()
    MeetingAsk.objects.bulk_create(rows)


def follow_up_add(*, meeting: Meeting, description: str, due_date: datetime.date,
                  owner) -> MeetingFollowUp:
    if not (owner.is_active and owner.is_staff):
        raise ValidationError({"owner": _("The owner must be an active staff member.")})
    follow_up = MeetingFollowUp(meeting=meeting, description=description,
                                due_date=due_date, owner=owner)
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def follow_up_set_done(*, follow_up: MeetingFollowUp, user, done: bool = True
                       ) -> MeetingFollowUp:
    follow_up.done_at = timezone.now() if done else None
    follow_up.done_by = user if done else None
    follow_up.save(update_fields=["done_at", "done_by"])
    return follow_up


def attachment_add(*, meeting: Meeting, upload, uploaded_by=None) -> MeetingAttachment:
    """Store a file checked by what it holds (the library's checks: PDF, Office documents,
    images; size limit); raises ``UploadRefused`` with the reason."""
    from alianza.library.uploads import check_upload

    checked = check_upload(upload, name=upload.name or "", size=upload.size)
    attachment = MeetingAttachment(
        meeting=meeting, file_name=_clean_name(upload.name or "", checked.extension),
        file_type=checked.content_type, file_size=checked.size, uploaded_by=uploaded_by)
    upload.seek(0)
    attachment.file.save(f"upload{checked.extension}", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def _clean_name(name: str, extension: str) -> str:
    stem = PurePath(name.replace("\\", "/")).stem
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '/\\"<>:|?*')[:150]
    return f"{stem or 'attachment'}{extension}"


def attachment_delete(*, attachment: MeetingAttachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# Reminders -----------------------------------------------------------------------------


def staff_language(user) -> str:
    """A staff member's language: their person record's, if they have one (as for workgroup
    leads), else the site's default."""
    from alianza.coalition.services.workgroups import lead_language

    return lead_language(user)


def follow_ups_remind(*, today: datetime.date | None = None) -> int:
    """Email each owner of open follow-ups due within a day or overdue, once a day per
    follow-up, in the owner's language; returns how many emails were queued."""
    from alianza.core.services import email_queue
    from alianza.policy.selectors.meetings import follow_ups_due

    today = today or timezone.localdate()
    by_owner: dict[int, list[MeetingFollowUp]] = defaultdict(list)
    due = follow_ups_due(today=today, within_days=1).filter(
        owner__is_active=True, owner__is_staff=True).exclude(owner__email="").exclude(
        reminders__day=today)
    for follow_up in due:
        by_owner[follow_up.owner_id].append(follow_up)
    sent = 0
    for follow_ups in by_owner.values():
        owner = follow_ups[0].owner
        with transaction.atomic():
            try:
                with transaction.atomic():
                    reminders = FollowUpReminder.objects.bulk_create([
                        FollowUpReminder(follow_up=f, day=today) for f in follow_ups])
            except IntegrityError:  # another run reminded them today
                continue
            language = staff_language(owner)
            email = email_queue(
                to=owner.email, template="policy/meetings/email/follow_ups_due",
                context=_reminder_context(follow_ups, today, language),
                language=language, purpose="policy-follow-up-reminder")
            FollowUpReminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
                email=email)
            sent += 1
    return sent


def _reminder_context(follow_ups: list[MeetingFollowUp], today: datetime.date,
                      language: str) -> dict[str, Any]:
    with translation.override(language):
        rows = [{
            "description": f.description, "due_date": f.due_date,
            "overdue": f.due_date < today, "legislator": f.meeting.legislator.name,
            "meeting_date": f.meeting.date,
            "url": settings.SITE_URL + reverse("policy-staff-meeting",
                                               kwargs={"pk": f.meeting_id}),
        } for f in follow_ups]
    owner = follow_ups[0].owner
    return {"name": owner.get_full_name() or owner.get_username(), "follow_ups": rows,
            "overdue": sum(r["overdue"] for r in rows), "count": len(rows)}
