"""Consent: what each person agreed to, when, where and in which words."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import LANGUAGE_TAG_LENGTH
from .people import Person


class Consent(models.Model):
    """One consent given or withdrawn, with the exact words the person saw.

    Append-only: the current state of a consent is its newest row for the same person,
    kind and scope.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email updates")
        PUBLIC_LISTING = "listing", _("Listed publicly")
        MEMBERSHIP = "membership", _("Membership")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=100, blank=True)
    granted = models.BooleanField(_("granted"))
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    source = models.CharField(_("source"), max_length=100)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "kind", "scope", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {'granted' if self.granted else 'withdrawn'}"
