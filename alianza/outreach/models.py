"""Mailing lists, subscriptions, mailings, deliveries, bounces and editable email templates."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import LANGUAGE_TAG_LENGTH, Person, Workgroup
from alianza.coalition.models.base import (
    TracksModification,
    modified_at_field,
    public_uuid_field,
)
from alianza.core.db_defaults import RandomUuid


def _uuid_field() -> models.UUIDField:
    # The API's public identifier; the database fills it for rows bulk imports insert.
    return models.UUIDField(default=uuid.uuid4, db_default=RandomUuid(), unique=True,
                            editable=False)


def _modified_field() -> models.DateTimeField:
    return models.DateTimeField(_("modified at"), auto_now=True, db_default=Now(),
                                db_index=True)


class MailingList(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Public lists are offered on the sign-up page.")
    )
    workgroup = models.ForeignKey(
        Workgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="mailing_lists",
        verbose_name=_("workgroup"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    uuid = _uuid_field()
    modified_at = _modified_field()

    class Meta:
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class MailingListText(models.Model):
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "language"], name="list_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class Tag(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    people = models.ManyToManyField(Person, blank=True, related_name="outreach_tags",
                                    through="Tagging")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True,
                                      db_default=Now())
    uuid = _uuid_field()
    modified_at = _modified_field()
    external_identifiers = GenericRelation("core.ExternalIdentifier")  # deleted with the row

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Tagging(models.Model):
    """A tag on a person (the table Django made for ``Tag.people``, given an identity)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="taggings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="taggings")
    created_at = models.DateTimeField(_("tagged at"), auto_now_add=True, db_default=Now())
    uuid = _uuid_field()
    modified_at = _modified_field()
    external_identifiers = GenericRelation("core.ExternalIdentifier")  # deleted with the row

    class Meta:
        db_table = "outreach_tag_people"
        verbose_name = _("tagging")
        verbose_name_plural = _("taggings")
        unique_together = [("tag", "person")]

    def __str__(self) -> str:
        return f"{self.tag_id} → {self.person_id}"


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        EXPIRED = "expired", _("Expired without confirmation")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="subscriptions")
    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(_("source"), max_length=100)
    wording = models.TextField(_("wording shown"), blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    # What the form said while the request waits for confirmation: applied to the person
    # only when the address's owner confirms, then cleared.
    submitted_name = models.CharField(_("name given"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires unless confirmed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    welcome_steps_sent = models.PositiveSmallIntegerField(default=0)
    uuid = _uuid_field()
    modified_at = _modified_field()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["person", "mailing_list"], name="subscription_unique")
        ]
        indexes = [models.Index(fields=["mailing_list", "status"])]

    def __str__(self) -> str:
        return f"{self.mailing_list.slug}: {self.person.email} ({self.status})"

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is not None:
            # auto_now is only saved when named: API clients sync by this column.
            kwargs["update_fields"] = {*kwargs["update_fields"], "modified_at"}
        super().save(*args, **kwargs)


class Suppression(models.Model):
    """An address nothing is sent to, whatever list or segment it is on."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard-bounce", _("Hard bounce")
        SOFT_BOUNCES = "soft-bounces", _("Repeated soft bounces")
        COMPLAINT = "complaint", _("Spam complaint")
        MANUAL = "manual", _("Added by staff")
        IMPORTED = "imported", _("Undeliverable in an imported file")

    address = models.EmailField(_("address"), max_length=254, db_index=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("suppressed at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("lifted by"),
    )
    lift_reason = models.TextField(
        _("reason for lifting"), blank=True,
        help_text=_("Write why this address may be mailed again, then save to lift it."),
    )

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["address"], condition=Q(lifted_at__isnull=True),
                name="one_active_suppression_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.reason})"


class Segment(models.Model):
    """A saved, named audience.

    ``definition`` keys — sources (anyone matching one of them): ``lists``, ``tags``,
    ``workgroups`` (slugs), ``member_organizations`` (true: contacts of member
    organizations), ``statements`` (slugs: confirmed signatories), ``people_query`` (the
    query string of the staff people list: whoever its filters select at sending time);
    filters (all must match): ``counties``, ``languages``, ``within_workgroups`` (slugs:
    confirmed on one of those rosters when the mailing goes out).
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    definition = models.JSONField(_("definition"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Mailing(TracksModification):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    uuid = public_uuid_field()
    name = models.CharField(_("internal name"), max_length=200)
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.PROTECT, related_name="mailings",
        verbose_name=_("segment"),
    )
    from_name = models.CharField(_("sender name"), max_length=100, blank=True)
    reply_to = models.CharField(_("reply-to address"), max_length=254, blank=True)
    provider = models.CharField(_("sending provider"), max_length=50, default="default")
    tracking = models.BooleanField(
        _("count opens and clicks"), default=False,
        help_text=_("Off by default. When on, opens are counted with a tiny image and clicks "
                    "through a redirect; many mail apps block images, so opens are undercounted."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    excluded_counts = models.JSONField(_("excluded addresses"), default=dict, blank=True)
    problem = models.TextField(_("why it was not sent"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = modified_at_field()

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at"]
        permissions = [("send_mailing", "Can send, schedule and cancel mailings")]

    def __str__(self) -> str:
        return self.name


class MailingContent(models.Model):
    """The mailing in one language; each recipient gets theirs, else English."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="contents")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    subject = models.CharField(_("subject"), max_length=250)
    body_markdown = models.TextField(
        _("body text"), blank=True,
        help_text=_("Markdown, with merge fields such as {{ name }}, buttons and images."),
    )
    # Mailings written before the Markdown editor keep their HTML and are sent as written;
    # saving one in the editor moves its text to ``body_markdown``.
    html_body = models.TextField(_("body (HTML, older mailings)"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "language"], name="mailing_content_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.language})"


def mailing_image_path(instance: MailingImage, filename: str) -> str:
    return f"outreach/images/{instance.name}"


class MailingImage(models.Model):
    """A picture uploaded for mailings. Public by design: recipients' mail apps fetch it."""

    name = models.CharField(_("file name"), max_length=80, unique=True)
    file = models.FileField(_("file"), upload_to=mailing_image_path, max_length=200)
    original_name = models.CharField(_("uploaded as"), max_length=200, blank=True)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailing image")
        verbose_name_plural = _("mailing images")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name or self.name


class Delivery(models.Model):
    """One recipient of one mailing. Unique per (mailing, person): resuming never duplicates."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Accepted by the mail server")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deliveries")
    address = models.EmailField(_("address"), max_length=254)
    # Merge values are copied at expansion time so the send loop needs no joins.
    name = models.CharField(_("name"), max_length=200, blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    # The consent this message rests on ("updates" or "list:<slug>") and when it was given:
    # the footer states it, and the send loop refuses a row without one.
    consent_scope = models.CharField(_("consent"), max_length=100, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "person"], name="delivery_unique")
        ]
        indexes = [
            models.Index(fields=["mailing", "status", "id"]),
            models.Index(fields=["claimed_by"]),
            models.Index(fields=["address"]),
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id} → {self.address} ({self.status})"


class MailingEvent(models.Model):
    class Kind(models.TextChoices):
        HARD_BOUNCE = "hard-bounce", _("Hard bounce")
        SOFT_BOUNCE = "soft-bounce", _("Soft bounce")
        COMPLAINT = "complaint", _("Complaint")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe")
        OPEN = "open", _("Open")
        CLICK = "click", _("Click")

    mailing = models.ForeignKey(
        Mailing, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    address = models.EmailField(_("address"), max_length=254, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("mailing event")
        verbose_name_plural = _("mailing events")
        indexes = [models.Index(fields=["mailing", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.address}"


class EmailTemplate(models.Model):
    """Staff-editable wording of an automatic email in one language.

    ``key`` is the name of the file template it replaces (``coalition/email/confirm``) or
    the key of a welcome-series step. Without a row, the file template is used.
    """

    key = models.CharField(_("key"), max_length=100, db_index=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(
        _("body (plain text)"),
        help_text=_("Variables such as {{ person.name }} or {{ confirm_url }} may be used."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="email_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"


class WelcomeStep(models.Model):
    """One email of a list's welcome series, sent ``delay_hours`` after confirmation."""

    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.CASCADE, related_name="welcome_steps"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    delay_hours = models.PositiveIntegerField(_("hours after confirmation"), default=0)
    template_key = models.CharField(
        _("email template key"), max_length=100,
        help_text=_("An email template with this key in each language."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("welcome step")
        verbose_name_plural = _("welcome series")
        ordering = ["mailing_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "position"], name="welcome_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mailing_list.slug} #{self.position}"
