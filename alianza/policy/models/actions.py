"""Action alerts: a campaign asks supporters to write to their own legislators about a bill
or a budget ask. A supporter's submission waits for them to confirm their address; only
then do its letters go to the offices (by email through the outbox, or printed for a
delegation visit). What the supporter wrote is kept exactly as they wrote it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.coalition.models import Person
from alianza.core.models import OutboundEmail
from alianza.policy.models.bills import Bill, BudgetItem
from alianza.policy.models.legislature import Chamber, District, Legislator, Office

# How many seats each chamber of the California Legislature has.
DISTRICT_COUNTS = {Chamber.LOWER: 80, Chamber.UPPER: 40}


class ActionCampaign(models.Model):
    class Targets(models.TextChoices):
        LOWER = "lower", _("Assembly member")
        UPPER = "upper", _("Senator")
        BOTH = "both", _("Both: Assembly member and Senator")

    class Delivery(models.TextChoices):
        EMAIL = "email", _("Email to the office")
        PRINT = "print", _("Printed letter for a delegation visit")
        BOTH = "both", _("Both: email and printed letter")

    slug = models.SlugField(_("short name in links"), max_length=80, unique=True)
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="action_campaigns", verbose_name=_("bill"))
    budget_item = models.ForeignKey(BudgetItem, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="action_campaigns",
                                    verbose_name=_("budget item"))
    targets = models.CharField(_("write to"), max_length=8, choices=Targets.choices,
                               default=Targets.BOTH)
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices,
                                default=Delivery.EMAIL)
    is_live = models.BooleanField(_("live"), default=False,
                                  help_text=_("Only a live action alert takes letters."))
    show_count = models.BooleanField(_("show the count publicly"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The campaign's identifier in the API ("alianza:<uuid>"); ``updated_at`` is its
    # modified date there.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("action alert")
        verbose_name_plural = _("action alerts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        if self.bill_id is None and self.budget_item_id is None:
            raise ValidationError(_("Choose the bill or the budget item this action is about."))

    @property
    def chambers(self) -> list[str]:
        """The chambers written to, Assembly first."""
        if self.targets == self.Targets.BOTH:
            return [Chamber.LOWER, Chamber.UPPER]
        return [self.targets]

    @property
    def emails_offices(self) -> bool:
        return self.delivery in (self.Delivery.EMAIL, self.Delivery.BOTH)

    @property
    def prints_letters(self) -> bool:
        return self.delivery in (self.Delivery.PRINT, self.Delivery.BOTH)


class ActionCampaignText(models.Model):
    """A campaign's words in one language: the page, and the letter supporters start from."""

    campaign = models.ForeignKey(ActionCampaign, on_delete=models.CASCADE,
                                 related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=200)
    call_to_action = models.TextField(_("call to action"))
    letter_subject = models.CharField(_("letter subject"), max_length=200)
    letter_template = models.TextField(_("letter"))

    class Meta:
        verbose_name = _("action alert text")
        verbose_name_plural = _("action alert texts")
        constraints = [models.UniqueConstraint(fields=["campaign", "language"],
                                               name="policy_action_text_once_per_language")]

    def __str__(self) -> str:
        return f"{self.campaign_id} ({self.language})"


class ZipDistrict(models.Model):
    """One ZIP code's overlap with one district, from a file the coalition imports. A ZIP
    code can cross district lines, so it may have several rows per chamber."""

    zip_code = models.CharField(_("ZIP code"), max_length=5, db_index=True)
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices)
    district_number = models.PositiveSmallIntegerField(_("district"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ZIP code district")
        verbose_name_plural = _("ZIP code districts")
        ordering = ["zip_code", "chamber", "district_number"]
        constraints = [models.UniqueConstraint(
            fields=["zip_code", "chamber", "district_number"],
            name="policy_zip_district_unique")]

    def __str__(self) -> str:
        return f"{self.zip_code} {self.chamber} {self.district_number}"


class ActionSubmission(models.Model):
    """One supporter's answer to a campaign, waiting until they confirm their address.

    It names the letters written in one go and keeps what the supporter typed that is not
    a letter (their city and ZIP for the signature, whether they asked for updates and the
    words they saw), so the confirmation link can carry it all out later.
    """

    campaign = models.ForeignKey(ActionCampaign, on_delete=models.CASCADE,
                                 related_name="submissions")
    supporter = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="action_submissions")
    email = models.EmailField(_("email"), max_length=254)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=5, blank=True)
    language = models.CharField(_("language"), max_length=8)
    updates_requested = models.BooleanField(_("asked for email updates"), default=False)
    updates_wording = models.TextField(_("wording shown"), blank=True)
    # Tags an API client asked for (Action Network's ``add_tags``): put on the supporter
    # only once they confirm, as the letters are sent only then.
    tags = models.JSONField(_("tags to add once confirmed"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("confirmation emailed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The submission's identifier and modified date in the API (an "outreach").
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)
    external_identifiers = GenericRelation("core.ExternalIdentifier")  # deleted with the row

    class Meta:
        verbose_name = _("action alert submission")
        verbose_name_plural = _("action alert submissions")
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.email}"


class ActionLetter(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the supporter to confirm")
        QUEUED = "queued", pgettext_lazy("letter", "Queued")
        SENT = "sent", pgettext_lazy("letter", "Sent")
        FAILED = "failed", pgettext_lazy("letter", "Failed")
        PRINTED = "printed", pgettext_lazy("letter", "Printed")

    campaign = models.ForeignKey(ActionCampaign, on_delete=models.CASCADE,
                                 related_name="letters")
    submission = models.ForeignKey(ActionSubmission, on_delete=models.CASCADE,
                                   related_name="letters")
    # Kept when a person is erased (emptied) so the counts still add up.
    supporter = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="action_letters")
    legislator = models.ForeignKey(Legislator, on_delete=models.PROTECT,
                                   related_name="action_letters")
    office = models.ForeignKey(Office, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="action_letters")
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT,
                                 related_name="action_letters")
    # The office's language: the greeting, introduction and signature are written in it.
    language = models.CharField(_("language of the letter"), max_length=8, default="en")
    supporter_language = models.CharField(_("supporter's language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    # The supporter's own words, exactly as submitted.
    body = models.TextField(_("letter"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.UNCONFIRMED)
    outbound = models.ForeignKey(OutboundEmail, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action alert letter")
        verbose_name_plural = _("action alert letters")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.legislator_id} ({self.status})"
