"""Bills, their history (actions, versions, votes, hearings) and what the coalition writes
about them. Facts from a feed carry their source and time; what staff write (the summaries,
a plain-language title) is kept apart, so an import never replaces it, and a field staff
corrected is listed in ``staff_edited`` so a later import shows a conflict instead of
overwriting it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.coalition.models import Workgroup
from alianza.policy.models.legislature import (
    Chamber,
    Committee,
    LegislativeSession,
    Legislator,
    Sourced,
)


class IssueArea(models.Model):
    """The coalition's own vocabulary (funding, biliteracy, newcomers...), shared by the
    agenda and the bill tracker."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("issue area")
        verbose_name_plural = _("issue areas")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class BudgetItem(models.Model):
    """A budget ask: a line of the state (or a district's) budget the coalition cares about."""

    session = models.ForeignKey(LegislativeSession, on_delete=models.PROTECT,
                                related_name="budget_items", null=True, blank=True)
    name = models.CharField(_("name (English)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=0,
                                 null=True, blank=True)
    issue_areas = models.ManyToManyField(IssueArea, blank=True, related_name="budget_items",
                                         verbose_name=_("issue areas"))

    class Meta:
        verbose_name = _("budget item")
        verbose_name_plural = _("budget items")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BillStatus(models.TextChoices):
    """Where a bill stands, derived from its actions (see alianza/policy/bill_status.py)."""

    INTRODUCED = "introduced", _("Introduced")
    IN_COMMITTEE = "in_committee", _("In committee")
    PASSED_ONE_CHAMBER = "passed_one_chamber", _("Passed one house")
    PASSED_LEGISLATURE = "passed_legislature", _("Passed the Legislature")
    SIGNED = "signed", _("Signed into law")
    VETOED = "vetoed", _("Vetoed")
    FAILED = "failed", _("Did not pass")
    WITHDRAWN = "withdrawn", pgettext_lazy("bill status", "Withdrawn")


class Bill(Sourced):
    session = models.ForeignKey(LegislativeSession, on_delete=models.PROTECT,
                                related_name="bills")
    # The normalised identifier ("AB 1947"): prefix, one space, number without zeros.
    identifier = models.CharField(_("identifier"), max_length=40)
    openstates_id = models.CharField(_("Open States id"), max_length=80, unique=True,
                                     null=True, blank=True)
    title = models.TextField(pgettext_lazy("document", "title"))
    classification = models.JSONField(_("classification"), default=list, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    abstract = models.TextField(_("official abstract"), blank=True)
    status = models.CharField(_("status"), max_length=24, choices=BillStatus.choices,
                              default=BillStatus.INTRODUCED)
    status_date = models.DateField(_("status date"), null=True, blank=True)
    latest_action_date = models.DateField(_("latest action"), null=True, blank=True)
    # The import's fingerprint of the feed record: an unchanged record is skipped.
    feed_hash = models.CharField(max_length=64, blank=True)
    feed_updated_at = models.DateTimeField(_("updated in the feed"), null=True, blank=True)
    # Names of fields staff changed by hand; an import that would change them raises a
    # conflict (BillConflict) instead.
    staff_edited = models.JSONField(default=list, blank=True)
    is_tracked = models.BooleanField(_("tracked"), default=False, db_index=True)
    issue_areas = models.ManyToManyField(IssueArea, blank=True, related_name="bills",
                                         verbose_name=_("issue areas"))
    workgroup = models.ForeignKey(Workgroup, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="bills", verbose_name=_("owning workgroup"))

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["session", "identifier"]
        constraints = [models.UniqueConstraint(fields=["session", "identifier"],
                                               name="policy_bill_unique_in_session")]

    def __str__(self) -> str:
        return self.identifier


class BillText(models.Model):
    """What the coalition writes about a bill, per language: never touched by an import."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8)
    short_title = models.CharField(_("plain-language title"), max_length=300, blank=True)
    summary = models.TextField(_("plain-language summary"), blank=True)

    class Meta:
        verbose_name = _("bill summary")
        verbose_name_plural = _("bill summaries")
        constraints = [models.UniqueConstraint(fields=["bill", "language"],
                                               name="policy_bill_text_once_per_language")]

    def __str__(self) -> str:
        return f"{self.bill_id} ({self.language})"


class Sponsorship(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="sponsorships")
    name = models.CharField(_("name"), max_length=200)
    legislator = models.ForeignKey(Legislator, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="sponsorships")
    primary = models.BooleanField(_("primary"), default=False)
    classification = models.CharField(_("classification"), max_length=40, blank=True)
    # The feed's person id, kept so a sponsor read before the legislators were imported is
    # linked later (importers/bill_sponsors.py).
    person_id = models.CharField(_("Open States person id"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["-primary", "pk"]

    def __str__(self) -> str:
        return self.name


class BillAction(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveIntegerField(_("order"))
    date = models.DateField(_("date"))
    description = models.TextField(_("description"))
    classification = models.JSONField(_("classification"), default=list, blank=True)
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices,
                               blank=True)
    organization = models.CharField(_("body"), max_length=200, blank=True)
    # Added by hand when the feed lacks it; an import never deletes these.
    is_manual = models.BooleanField(_("entered by staff"), default=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["date", "order"]

    def __str__(self) -> str:
        return f"{self.date}: {self.description}"


class BillVersion(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="versions")
    note = models.CharField(_("note"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    media_type = models.CharField(_("media type"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.note


class BillVote(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="votes")
    identifier = models.CharField(_("identifier"), max_length=120, blank=True)
    motion = models.TextField(_("motion"))
    date = models.DateField(_("date"))
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices,
                               blank=True)
    organization = models.CharField(_("body"), max_length=200, blank=True)
    passed = models.BooleanField(_("passed"))
    counts = models.JSONField(_("counts"), default=dict, blank=True)  # {"yes": 41, "no": 30}

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.motion}"


class Hearing(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="hearings")
    committee = models.ForeignKey(Committee, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="hearings")
    body = models.CharField(_("committee or body"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("location"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_manual = models.BooleanField(_("entered by staff"), default=False)
    # An Open States event (committee hearing) this was read from, where and when.
    openstates_id = models.CharField(_("Open States id"), max_length=80, blank=True,
                                     db_index=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.body} {self.starts_at:%Y-%m-%d}"


class BillConflict(models.Model):
    """An import that would have changed a field staff had corrected: both values are kept
    until staff choose."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="conflicts")
    field = models.CharField(_("field"), max_length=60)
    staff_value = models.JSONField(_("value entered by staff"), null=True, blank=True)
    feed_value = models.JSONField(_("value in the feed"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    kept = models.CharField(_("kept"), max_length=8, blank=True,
                            choices=[("staff", _("Staff's value")), ("feed", _("Feed's value"))])

    class Meta:
        verbose_name = _("import conflict")
        verbose_name_plural = _("import conflicts")
        ordering = ["-detected_at"]

    def __str__(self) -> str:
        return f"{self.bill_id}.{self.field}"


class BillChange(models.Model):
    """Something new about a bill that people following it are told about: an action, a
    hearing date or a vote, from an import or entered by staff. Alerts read these."""

    class Kind(models.TextChoices):
        ACTION = "action", _("New action")
        HEARING = "hearing", _("Hearing scheduled")
        VOTE = "vote", _("Vote")

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("bill change")
        verbose_name_plural = _("bill changes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.kind} {self.occurred_on}"
