"""The coalition's policy agenda: one per year or session, with priorities and the
recommendations under them, each in every language the coalition writes, tied to the bills
and budget items that carry it, with a status whose history is kept, and figures from the
evidence module cited by what they measure (never by a number copied in: the number shown
is always the newest imported one)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.coalition.models import LANGUAGE_TAG_LENGTH
from alianza.policy.models.bills import Bill, BudgetItem, IssueArea
from alianza.policy.models.legislature import LegislativeSession


class AgendaLevel(models.TextChoices):
    # In context: a badge beside the status ("Estatal", not "Estado", which reads "status").
    STATE = "state", pgettext_lazy("agenda level", "State")
    COUNTY = "county", pgettext_lazy("agenda level", "County")
    DISTRICT = "district", pgettext_lazy("agenda level", "District")
    SCHOOL = "school", pgettext_lazy("agenda level", "School")


class AgendaStatus(models.TextChoices):
    # In context: Spanish agrees with "la prioridad" / "la recomendación".
    PROPOSED = "proposed", pgettext_lazy("agenda status", "Proposed")
    ADOPTED = "adopted", pgettext_lazy("agenda status", "Adopted")
    IN_PROGRESS = "in_progress", pgettext_lazy("agenda status", "In progress")
    WON = "won", pgettext_lazy("agenda status", "Won")
    LOST = "lost", pgettext_lazy("agenda status", "Lost")
    CARRIED_OVER = "carried_over", pgettext_lazy("agenda status", "Carried over")


class Agenda(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    session = models.ForeignKey(LegislativeSession, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="agendas",
                                verbose_name=_("legislative session"))
    year_label = models.CharField(_("year"), max_length=20, help_text=_("E.g., 2023-24"))
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        ordering = ["-year_label", "-pk"]
        permissions = [("publish_agenda", "Can publish and unpublish policy agendas")]

    def __str__(self) -> str:
        return self.slug


class AgendaText(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("agenda text")
        verbose_name_plural = _("agenda texts")
        constraints = [models.UniqueConstraint(fields=["agenda", "language"],
                                               name="policy_agenda_text_once_per_language")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Priority")
        RECOMMENDATION = "recommendation", _("Recommendation")

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # A recommendation may sit under a priority; removing the priority keeps it, on its own.
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="recommendations", verbose_name=_("priority"))
    position = models.PositiveIntegerField(_("position"), default=0)
    level = models.CharField(_("level"), max_length=10, choices=AgendaLevel.choices,
                             default=AgendaLevel.STATE)
    issue_areas = models.ManyToManyField(IssueArea, blank=True, related_name="agenda_items",
                                         verbose_name=_("issue areas"))
    bills = models.ManyToManyField(Bill, blank=True, related_name="agenda_items",
                                   verbose_name=_("bills"))
    budget_items = models.ManyToManyField(BudgetItem, blank=True, related_name="agenda_items",
                                          verbose_name=_("budget items"))
    # A copy of the latest AgendaItemStatusChange, written only with it (so pages can filter
    # and sort without reading the history).
    status = models.CharField(_("status"), max_length=16, choices=AgendaStatus.choices,
                              default=AgendaStatus.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["agenda", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.agenda_id}/{self.kind}/{self.pk}"

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.kind != self.Kind.RECOMMENDATION:
            raise ValidationError({"parent": _("Only a recommendation can sit under a "
                                               "priority.")})
        parent = self.parent
        if parent.kind != self.Kind.PRIORITY or parent.agenda_id != self.agenda_id:
            raise ValidationError({"parent": _("Choose a priority of the same agenda.")})


class AgendaItemText(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("agenda item text")
        verbose_name_plural = _("agenda item texts")
        constraints = [models.UniqueConstraint(fields=["item", "language"],
                                               name="policy_agenda_item_text_once")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class AgendaItemStatusChange(models.Model):
    """One step of an item's history. Rows are only ever added: the item's status is the
    latest one, and what it was before stays readable."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE,
                             related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=AgendaStatus.choices)
    changed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("who"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Status changes are history: add a new one instead.")
        super().save(*args, **kwargs)


class CitationLevel(models.TextChoices):
    STATE = "state", _("State")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")


class EvidenceCitation(models.Model):
    """A figure an item cites, named by what it measures and for whom: the number, its year
    and its source are read from the newest imported data each time it is shown."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    level = models.CharField(_("level"), max_length=10, choices=CitationLevel.choices)
    # The evidence module's 14-digit CDS code ("19000000000000" for Los Angeles County).
    cds_code = models.CharField(_("CDS code"), max_length=14)
    metric = models.CharField(_("figure"), max_length=40)

    class Meta:
        verbose_name = _("evidence citation")
        verbose_name_plural = _("evidence citations")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.metric} {self.level} {self.cds_code}"
