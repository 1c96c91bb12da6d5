"""The log of people's requests for their data and for erasure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Person


class PersonDataLogImmutableError(Exception):
    def __init__(self) -> None:
        super().__init__("The personal-data log is append-only.")


class PersonDataLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PersonDataLogImmutableError()

    def delete(self):
        raise PersonDataLogImmutableError()


class PersonDataLog(models.Model):
    """One export or erasure of a person's data: who did it, when, and why.

    Append-only, and free of the person's own data, so that it survives their erasure:
    it names them only by ``subject_key`` (a keyed hash of their address, the same as on
    their consent rows) and by the id of their emptied record.
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Data downloaded")
        ERASE = "erase", _("Erased")

    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="data_log",
        verbose_name=_("person"),
    )
    subject_key = models.CharField(_("pseudonymous key"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("done by"),
    )
    # The staff member's username is kept as well, in case their account is deleted.
    actor_name = models.CharField(_("done by"), max_length=150)
    reason = models.TextField(_("reason"))
    summary = models.JSONField(_("what was included or removed"), default=dict)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = PersonDataLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d} by {self.actor_name}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PersonDataLogImmutableError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PersonDataLogImmutableError()
