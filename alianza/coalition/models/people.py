"""People, organizations and their affiliations."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from alianza.coalition import places
from alianza.core.db_defaults import RandomUuid

from .base import (
    LANGUAGE_TAG_LENGTH,
    PERSON_SEARCH_KEY_LENGTH,
    normalize_email,
    organization_match_key,
    organization_name_key,
    person_search_key,
)


def _county_field() -> models.CharField:
    return models.CharField(
        _("county"), max_length=places.COUNTY_CODE_LENGTH, choices=places.COUNTIES, blank=True,
        db_index=True,
    )


def validate_district_code(value: str) -> None:
    if value and value not in places.districts():
        raise ValidationError(_("“%(value)s” is not a CDE district code (7 digits: county and "
                                "district)."), params={"value": value}, code="invalid")


def _district_field() -> models.CharField:
    # Not a choices field: a thousand districts would bloat every form and migration.
    return models.CharField(
        _("school district"), max_length=places.DISTRICT_CODE_LENGTH, blank=True,
        db_index=True, validators=[validate_district_code],
        help_text=_("The district's seven-digit CDE code (county and district)."),
    )


def _county_text_field() -> models.CharField:
    return models.CharField(
        _("county as written"), max_length=100, blank=True,
        help_text=_("Only kept when it is not one of California's 58 counties."),
    )


def _split_county(record: models.Model) -> None:
    """Text that names one of the 58 counties becomes its code; anything else stays text."""
    if record.county:
        code, text = places.county_split(record.county)
        if code and not record.county_code:
            record.county_code = code
        record.county = "" if code else text


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
    # Unique: two sign-ups naming one new organization at the same moment get one row.
    normalized_name = models.CharField(max_length=200, unique=True, editable=False)
    # Looser, not unique: names sharing it are offered to staff as likely duplicates.
    match_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    county_code = _county_field()
    county = _county_text_field()
    district_code = _district_field()
    region = models.CharField(_("region"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Always a PNG made by services.organization_profile from a checked upload; the
    # stored size lets the directory reserve the image's space before it loads.
    logo = models.ImageField(
        _("logo"), upload_to="coalition/logos/", blank=True,
        width_field="logo_width", height_field="logo_height",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    languages_served = models.CharField(
        _("languages served"), max_length=300, blank=True,
        help_text=_("BCP 47 language tags separated by commas, e.g. es, vi, zh-Hant."),
    )
    # Shown when the organization has no description in the reader's language
    # (OrganizationText).
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
        permissions = [("merge_organization", _("Can merge duplicate organizations"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        key = organization_name_key(self.name)
        # A " ~<id>" suffix marks a same-named organization that predates the unique key
        # (see migration 0005); it keeps its suffix until staff merge it.
        if not (self.normalized_name or "").startswith(f"{key[:185]} ~"):
            self.normalized_name = key
        self.match_key = organization_match_key(self.name)
        _split_county(self)
        fields = kwargs.get("update_fields")
        if fields is not None:  # derived columns follow the ones they come from
            fields = set(fields)
            if "name" in fields:
                fields |= {"normalized_name", "match_key"}
            if "county" in fields:
                fields.add("county_code")
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    def clean(self) -> None:
        key = organization_name_key(self.name)
        if Organization.objects.filter(normalized_name=key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("An organization with this name already exists.")})

    @property
    def county_label(self) -> str:
        """The county's name, or the text as written when it is not one of the 58."""
        return places.county_name(self.county_code) or self.county

    @property
    def district_name(self) -> str:
        return places.district_name(self.district_code)


class OrganizationText(models.Model):
    """What an organization does, in one language; one row per language (searchable)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    description = models.TextField(_("what the organization does"), max_length=2000,
                                   validators=[MaxLengthValidator(2000)])

    class Meta:
        verbose_name = _("organization description")
        verbose_name_plural = _("organization descriptions")
        constraints = [
            models.UniqueConstraint(fields=["organization", "language"],
                                    name="organization_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} ({self.language})"


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, unique=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=LANGUAGE_TAG_LENGTH, default="en",
        help_text=_("A BCP 47 tag such as en, es or es-MX."),
    )
    county_code = _county_field()
    county = _county_text_field()
    district_code = _district_field()
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    # Set when staff erase the person at their request: the row stays, emptied, so that the
    # consent history and membership applications that point at it keep their meaning.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    # Columns of imported files that fill no field (an Action Network custom field, a
    # Mailchimp member rating): kept by column name so nothing in the file is lost.
    import_extra = models.JSONField(
        _("other imported data"), default=dict, blank=True, editable=False
    )
    organizations = models.ManyToManyField(
        Organization, through="Affiliation", related_name="people", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    # The public identifier the API gives out ("alianza:<uuid>"); the database fills both
    # for rows that bulk imports insert without the ORM.
    uuid = models.UUIDField(default=uuid.uuid4, db_default=RandomUuid(), unique=True,
                            editable=False)
    # Deleting the row (or a delete cascading to it) deletes the foreign identifiers kept
    # for it: left behind, one would name nothing and could never be given to another row.
    external_identifiers = GenericRelation("core.ExternalIdentifier")
    modified_at = models.DateTimeField(_("modified at"), auto_now=True, db_default=Now(),
                                       db_index=True)
    # Name and address with case and accents folded, so "jose" finds "José" on every
    # database (SQLite has no unaccent); kept in step by save().
    search_key = models.CharField(max_length=PERSON_SEARCH_KEY_LENGTH, blank=True,
                                  editable=False, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        # The staff people list sorts by these; with the id as tie-breaker a page is one
        # index range scan even at a hundred thousand people.
        indexes = [
            models.Index(fields=["name", "id"], name="person_name_id"),
            models.Index(fields=["county_code", "name", "id"], name="person_county_name_id"),
            models.Index(fields=["-created_at", "-id"], name="person_newest"),
            models.Index(fields=["preferred_language"], name="person_language"),
            # County text kept as written is rare: the filter lists it from this index.
            models.Index(fields=["county"], name="person_county_text",
                         condition=~models.Q(county="")),
        ]
        permissions = [
            ("export_person", _("Can download everything held about a person")),
            ("erase_person", _("Can erase a person at their request")),
            ("merge_person", _("Can merge duplicate people")),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        self.search_key = person_search_key(self.name, self.email)
        _split_county(self)
        fields = kwargs.get("update_fields")
        if fields is not None:  # derived columns follow the ones they come from
            fields = set(fields)
            if "county" in fields:
                fields.add("county_code")
            if fields & {"name", "email"}:
                fields.add("search_key")
            fields.add("modified_at")  # auto_now is only saved when named
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    @property
    def county_label(self) -> str:
        return places.county_name(self.county_code) or self.county


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
