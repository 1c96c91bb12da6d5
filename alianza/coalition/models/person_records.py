"""What staff write about a person, and the record of two people merged into one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Person

NOTE_MAX_LENGTH = 5000


class PersonNote(models.Model):
    """A staff member's note about a person: a call, a request, something to remember.

    Part of the person's data: downloaded with it and erased with it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes",
                               verbose_name=_("person"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("written by"))
    # Kept as well, so the note still says who wrote it once the account is gone.
    author_name = models.CharField(_("written by"), max_length=150, blank=True)
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("note about a person")
        verbose_name_plural = _("notes about people")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.body[:40]}"


class PersonMerge(models.Model):
    """One merge of two people, kept for audit: what the absorbed record was and what moved."""

    survivor = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                 related_name="merges", verbose_name=_("person kept"))
    merged_id = models.PositiveIntegerField(_("merged person id"))
    merged_name = models.CharField(_("merged person"), max_length=200, blank=True)
    merged_email = models.EmailField(_("merged person's email"), max_length=254, blank=True)
    merged_record = models.JSONField(_("merged record"), default=dict)
    moved = models.JSONField(_("records moved"), default=dict)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("merged by"))
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("merge of two people")
        verbose_name_plural = _("merges of people")
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class PersonDistinct(models.Model):
    """Staff looked at this pair and said they are two different people."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="person_distinct_pair"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")),
                                   name="person_distinct_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"
