"""Statements of agreement, their versions and signatures."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import (
    LANGUAGE_TAG_LENGTH,
    TracksModification,
    modified_at_field,
    public_uuid_field,
)
from .people import Organization, Person


class Statement(TracksModification):
    uuid = public_uuid_field()
    slug = models.SlugField(_("slug"), unique=True)
    is_open = models.BooleanField(_("open for signatures"), default=True)
    signature_goal = models.PositiveIntegerField(
        _("signature goal"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Optional: how many confirmed signatures the coalition aims for. The "
                    "statement page then shows progress towards it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = modified_at_field()

    class Meta:
        verbose_name = _("statement of agreement")
        verbose_name_plural = _("statements of agreement")

    def __str__(self) -> str:
        return self.slug

    def current_version(self) -> StatementVersion | None:
        """The newest published version, or the newest draft while none is published."""
        return (
            self.versions.filter(published_at__isnull=False).order_by("-number").first()
            or self.versions.order_by("-number").first()
        )


class StatementVersion(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="statement_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.statement.slug} v{self.number}"


class StatementText(models.Model):
    """The statement in one language; one row per language keeps it searchable."""

    version = models.ForeignKey(StatementVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))
    share_message = models.TextField(
        _("message for sharing"), max_length=500, blank=True,
        validators=[MaxLengthValidator(500)],
        help_text=_("What signers' share links say in this language; the statement's address "
                    "is added after it. Leave blank for the standard message."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="statement_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Signature(TracksModification):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    uuid = public_uuid_field()
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="signatures")
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="signatures"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    listed = models.BooleanField(_("listed publicly"), default=False)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    source = models.CharField(_("source"), max_length=100)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    modified_at = modified_at_field()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # One personal signature per person, one organizational signature per organization.
            models.UniqueConstraint(
                fields=["statement", "person"], condition=Q(organization__isnull=True),
                name="signature_individual_unique",
            ),
            models.UniqueConstraint(
                fields=["statement", "organization"], condition=Q(organization__isnull=False),
                name="signature_organization_unique",
            ),
        ]
        indexes = [models.Index(fields=["statement", "status", "listed", "-confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.statement.slug}: {self.person.name}"

    @property
    def is_organizational(self) -> bool:
        return self.organization_id is not None
