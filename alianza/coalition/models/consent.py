"""Consent: what each person agreed to, when, where and in which words."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import LANGUAGE_TAG_LENGTH, subject_key
from .people import Person


class ConsentImmutableError(Exception):
    """Consent rows are a record of what happened: they are only ever added."""

    def __init__(self) -> None:
        super().__init__("Consent rows cannot be changed or deleted; record a new one instead.")


class ConsentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ConsentImmutableError()

    def delete(self):
        raise ConsentImmutableError()

    def bulk_update(self, objs, fields, batch_size=None):
        raise ConsentImmutableError()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for consent in objs:
            consent.fill_subject_key()
        return super().bulk_create(objs, *args, **kwargs)


class Consent(models.Model):
    """One consent given or withdrawn, with the exact words the person saw.

    Append-only: the current state of a consent is its newest row for the same person,
    kind and scope. Rows are never changed or deleted (here, in the admin, and on
    PostgreSQL by a trigger). When a person is deleted the row stays with ``person``
    empty; ``subject_key``, a keyed hash of the address, still ties it to a later request
    from the same address without keeping the address itself.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email updates")
        PUBLIC_LISTING = "listing", _("Listed publicly")
        MEMBERSHIP = "membership", _("Membership")
        # A survey respondent's choice to be contacted; the scope is the survey's slug.
        SURVEY_CONTACT = "survey_contact", _("Contact about a survey")

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    subject_key = models.CharField(
        _("pseudonymous key"), max_length=64, blank=True, db_index=True, editable=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=100, blank=True)
    granted = models.BooleanField(_("granted"))
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    source = models.CharField(_("source"), max_length=100)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "kind", "scope", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {'granted' if self.granted else 'withdrawn'}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ConsentImmutableError()
        self.fill_subject_key()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ConsentImmutableError()

    def fill_subject_key(self) -> None:
        if not self.subject_key and self.person is not None:
            self.subject_key = subject_key(self.person.email)
