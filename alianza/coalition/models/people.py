"""People, organizations and their affiliations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import LANGUAGE_TAG_LENGTH, normalize_email


class Organization(models.Model):
    class Kind(models.TextChoices):
        NONPROFIT = "nonprofit", _("Non-profit")
        SCHOOL_DISTRICT = "school_district", _("School district")
        COUNTY_OFFICE = "county_office", _("County office of education")
        UNIVERSITY = "university", _("University or research center")
        UNION = "union", _("Union")
        PARENT_GROUP = "parent_group", _("Parent group")
        PHILANTHROPY = "philanthropy", _("Philanthropy")
        OTHER = "other", _("Other")

    class Role(models.TextChoices):
        NONE = "", _("No coalition role")
        LEAD = "lead", _("Lead organization / co-chair")
        ADVISORY = "advisory", _("Advisory committee")

    class Membership(models.TextChoices):
        NONE = "none", _("Not a member")
        APPLIED = "applied", _("Applied")
        MEMBER = "member", _("Member")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    name = models.CharField(_("name"), max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    county = models.CharField(_("county"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages_served = models.CharField(
        _("languages served"), max_length=300, blank=True,
        help_text=_("BCP 47 language tags separated by commas, e.g. es, vi, zh-Hant."),
    )
    description = models.TextField(_("description"), blank=True)
    coalition_role = models.CharField(
        _("coalition role"), max_length=16, choices=Role.choices, default=Role.NONE, blank=True
    )
    membership_status = models.CharField(
        _("membership status"), max_length=16, choices=Membership.choices, default=Membership.NONE
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = " ".join(self.name.lower().split())
        super().save(*args, **kwargs)


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, unique=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=LANGUAGE_TAG_LENGTH, default="en",
        help_text=_("A BCP 47 tag such as en, es or es-MX."),
    )
    county = models.CharField(_("county"), max_length=100, blank=True)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    # Set when staff erase the person at their request: the row stays, emptied, so that the
    # consent history and membership applications that point at it keep their meaning.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    organizations = models.ManyToManyField(
        Organization, through="Affiliation", related_name="people", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        permissions = [
            ("export_person", _("Can download everything held about a person")),
            ("erase_person", _("Can erase a person at their request")),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class PersonEmail(models.Model):
    """Further addresses of a person; the primary one is ``Person.email``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_emails")
    email = models.EmailField(_("email"), max_length=254, unique=True)

    class Meta:
        verbose_name = _("other email")
        verbose_name_plural = _("other emails")

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class Affiliation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    is_primary_contact = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["person", "organization"], name="affiliation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} – {self.organization.name}"


class AffiliationClaim(models.Model):
    """A confirmed person's claim to speak for an organization that was already on file.

    Claims about an organization someone else created stay claims until staff accept them:
    an address that confirms proves who the person is, not that they work there.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="claims")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="claims"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("affiliation claim")
        verbose_name_plural = _("affiliation claims")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"], condition=models.Q(status="pending"),
                name="affiliation_claim_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.email} → {self.organization.name} ({self.status})"
