"""Advocacy meetings: a delegation of coalition members visiting a legislator's office, what
was asked and answered, and the follow-ups staff owe afterwards."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alianza.policy.models.bills import Bill, BudgetItem
from alianza.policy.models.legislature import Legislator, Office


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    date = models.DateField(_("date"))
    legislator = models.ForeignKey(Legislator, on_delete=models.PROTECT,
                                   related_name="meetings", verbose_name=_("legislator"))
    office = models.ForeignKey(Office, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="meetings", verbose_name=_("office"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True,
                               help_text=_("E.g., Budget asks for English learner programs"))
    bills = models.ManyToManyField(Bill, blank=True, related_name="meetings",
                                   verbose_name=_("bills discussed"))
    budget_items = models.ManyToManyField(BudgetItem, blank=True, related_name="meetings",
                                          verbose_name=_("budget items discussed"))
    office_said = models.TextField(_("what the office said"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("advocacy meeting")
        verbose_name_plural = _("advocacy meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.legislator}"


class MeetingAttendee(models.Model):
    """A member of the delegation. Erasing the person at their request keeps the row (and
    the role) without them, so counts of who went stay true."""

    class Role(models.TextChoices):
        CO_CHAIR = "co_chair", _("Co-chair")
        PARENT = "parent", _("Parent")
        STUDENT = "student", _("Student")
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Coalition staff")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey("coalition.Person", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="policy_meetings",
                               verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices,
                            default=Role.MEMBER)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="policy_attendee_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.role})"


class MeetingAsk(models.Model):
    """One thing the delegation asked for, about one bill or one budget item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="asks")
    text = models.TextField(_("the ask"))
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="meeting_asks", verbose_name=_("bill"))
    budget_item = models.ForeignKey(BudgetItem, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="meeting_asks",
                                    verbose_name=_("budget item"))
    response = models.TextField(_("the office's answer"), blank=True)

    class Meta:
        verbose_name = _("ask")
        verbose_name_plural = _("asks")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(bill__isnull=True) ^ models.Q(budget_item__isnull=True),
            name="policy_ask_about_a_bill_or_a_budget_item")]

    def __str__(self) -> str:
        return self.text[:60]


class MeetingFollowUp(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("follow-up"), max_length=500)
    due_date = models.DateField(_("due date"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="policy_follow_ups", verbose_name=_("owner"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class FollowUpReminder(models.Model):
    """A reminder emailed to the owner, at most one per follow-up per day."""

    follow_up = models.ForeignKey(MeetingFollowUp, on_delete=models.CASCADE,
                                  related_name="reminders")
    day = models.DateField()
    email = models.ForeignKey("core.OutboundEmail", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["follow_up", "day"],
                                               name="policy_follow_up_reminded_once_a_day")]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.day}"


SAFE_EXTENSIONS = {".pdf", ".docx", ".pptx", ".png", ".jpg", ".jpeg", ".webp"}


def attachment_path(attachment: MeetingAttachment, filename: str) -> str:
    """``policy/meetings/<meeting id>/<random><safe extension>``: nothing a person typed."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in SAFE_EXTENSIONS:
        suffix = ""
    return f"policy/meetings/{attachment.meeting_id}/{secrets.token_urlsafe(16)}{suffix}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=120)
    file_size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name
