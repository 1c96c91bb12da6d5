"""What the coalition says about a bill, and who is told when the bill moves.

A position is never edited in place: setting a new one adds a row, so the history of a
bill's positions (and why each changed) is the list of its rows, newest first. Alert
preferences say how often each follower hears about new actions, hearings and votes;
``AlertSent`` records each change told to each inbox, so nothing is told twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alianza.coalition.models import Person
from alianza.policy.models.bills import Bill, BillChange


class PositionImmutableError(Exception):
    def __init__(self) -> None:
        super().__init__("A position is history: set a new one instead of changing it.")


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OPPOSE = "oppose", _("Oppose")
    SUPPORT_IF_AMENDED = "support_if_amended", _("Support if amended")
    WATCH = "watch", _("Watching")


class BillPositionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PositionImmutableError()


class BillPosition(models.Model):
    """The coalition's position on a bill from ``set_at`` until a newer row replaces it."""

    Stance = Stance

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="positions")
    position = models.CharField(_("position"), max_length=24, choices=Stance.choices)
    # Why the coalition holds (or changed to) this position, shown on the public page.
    note = models.TextField(_("note (English)"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)
    # The position letter(s) live in the library; only published ones are shown publicly.
    letters = models.ManyToManyField("library.Resource", blank=True,
                                     related_name="bill_positions",
                                     verbose_name=_("letters"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+",
                               verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set at"), default=timezone.now, db_index=True)

    objects = BillPositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bill position")
        verbose_name_plural = _("bill positions")
        ordering = ["-set_at", "-pk"]
        indexes = [models.Index(fields=["bill", "-set_at"], name="policy_position_latest")]

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.position}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PositionImmutableError()
        super().save(*args, **kwargs)

    def note_for(self, language: str) -> tuple[str, str]:
        """The note in ``language`` if written, else the English one: (text, its language)."""
        if language.startswith("es") and self.note_es.strip():
            return self.note_es, "es"
        if self.note.strip():
            return self.note, "en"
        return self.note_es, "es"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as something happens")
    DAILY = "daily", _("Once a day, in one email")
    OFF = "off", _("Never")


class AlertPreference(models.Model):
    """How often one follower hears about tracked bills: a staff account or a coalition
    person (a workgroup member). Without a row, a follower gets the daily email."""

    Frequency = Frequency

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                                blank=True, related_name="bill_alert_preference")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="bill_alert_preference")
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bill alert preference")
        verbose_name_plural = _("bill alert preferences")
        permissions = [("receive_bill_alerts",
                        _("Is told about new actions, hearings and votes on tracked bills"))]
        constraints = [models.CheckConstraint(
            condition=models.Q(user__isnull=True, person__isnull=False)
            | models.Q(user__isnull=False, person__isnull=True),
            name="policy_alert_preference_one_recipient")]

    def __str__(self) -> str:
        return f"{self.user_id or self.person_id}: {self.frequency}"


class AlertSent(models.Model):
    """One change told to one inbox. The inbox is a keyed hash of the address (the same
    hash consent records use), unique with the change: whoever an address belongs to (a
    staff account, a workgroup member, both), it never hears of a change twice."""

    change = models.ForeignKey(BillChange, on_delete=models.CASCADE, related_name="alerts")
    address_key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    outbound = models.ForeignKey("core.OutboundEmail", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("bill alert sent")
        verbose_name_plural = _("bill alerts sent")
        constraints = [models.UniqueConstraint(fields=["change", "address_key"],
                                               name="policy_alert_once_per_inbox")]
        indexes = [models.Index(fields=["address_key", "frequency", "-sent_at"],
                                name="policy_alert_last_digest")]

    def __str__(self) -> str:
        return f"{self.change_id} → {self.address_key[:8]}"
