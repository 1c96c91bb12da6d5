"""People, organizations and how they belong to the coalition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LANGUAGE_TAG_LENGTH = 35  # BCP 47 tags are short in practice; RFC 5646 suggests 35.


def normalize_email(address: str) -> str:
    """The form of an address used for dedupe: trimmed and lower-cased."""
    return (address or "").strip().lower()


class CoalitionProfile(models.Model):
    """The coalition running this site: one row."""

    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("contact email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)

    class Meta:
        verbose_name = _("coalition profile")
        verbose_name_plural = _("coalition profile")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from alianza.core.site import site_name_forget

        super().save(*args, **kwargs)
        site_name_forget()


class CoalitionProfileText(models.Model):
    profile = models.ForeignKey(CoalitionProfile, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    about = models.TextField(_("about"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile} ({self.language})"


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
    organizations = models.ManyToManyField(
        Organization, through="Affiliation", related_name="people", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

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


class Statement(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    is_open = models.BooleanField(_("open for signatures"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement of agreement")
        verbose_name_plural = _("statements of agreement")

    def __str__(self) -> str:
        return self.slug

    def current_version(self) -> StatementVersion | None:
        """The newest published version, or the newest draft while none is published."""
        return (
            self.versions.filter(published_at__isnull=False).order_by("-number").first()
            or self.versions.order_by("-number").first()
        )


class StatementVersion(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="statement_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.statement.slug} v{self.number}"


class StatementText(models.Model):
    """The statement in one language; one row per language keeps it searchable."""

    version = models.ForeignKey(StatementVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="statement_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Signature(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="signatures")
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="signatures"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    listed = models.BooleanField(_("listed publicly"), default=False)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    source = models.CharField(_("source"), max_length=100)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # One personal signature per person, one organizational signature per organization.
            models.UniqueConstraint(
                fields=["statement", "person"], condition=Q(organization__isnull=True),
                name="signature_individual_unique",
            ),
            models.UniqueConstraint(
                fields=["statement", "organization"], condition=Q(organization__isnull=False),
                name="signature_organization_unique",
            ),
        ]
        indexes = [models.Index(fields=["statement", "status", "listed", "-confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.statement.slug}: {self.person.name}"

    @property
    def is_organizational(self) -> bool:
        return self.organization_id is not None


class MembershipApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="applications"
    )
    contact = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    mission_alignment = models.TextField(_("how your work aligns with the coalition's mission"))
    is_nonprofit = models.BooleanField(_("non-profit organization"))
    tax_id = models.CharField(_("tax ID (EIN)"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(status="pending"),
                name="one_pending_application_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} ({self.status})"


class MembershipStatusChange(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(max_length=16, choices=Organization.Membership.choices)
    to_status = models.CharField(max_length=16, choices=Organization.Membership.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organization.name}: {self.from_status} → {self.to_status}"


class Workgroup(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    is_open = models.BooleanField(_("open for sign-up"), default=True)
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_workgroups",
        verbose_name=_("leads"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class WorkgroupText(models.Model):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workgroup", "language"], name="workgroup_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class WorkgroupMembership(models.Model):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="workgroup_memberships"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("what you would like to work on"), blank=True)
    language = models.CharField(_("language"), max_length=LANGUAGE_TAG_LENGTH)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("workgroup membership")
        verbose_name_plural = _("workgroup memberships")
        constraints = [
            models.UniqueConstraint(fields=["workgroup", "person"], name="workgroup_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.workgroup.slug}: {self.person.name}"


class ContactImport(models.Model):
    """A CSV or XLSX file of people or organizations, checked and then imported.

    ``processed_rows`` is committed together with each batch it counts, so an import that
    stops part-way resumes after the last committed batch.
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", _("People")
        ORGANIZATIONS = "organizations", _("Organizations")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKED = "checked", _("Checked (dry run)")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    kind = models.CharField(_("what the file holds"), max_length=16, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # relative to DATA_DIR
    file_format = models.CharField(max_length=8, choices=Format.choices, default=Format.CSV)
    encoding = models.CharField(max_length=32, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    columns = models.JSONField(default=list, blank=True)
    samples = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UPLOADED)
    preview = models.JSONField(default=dict, blank=True)  # counts from the dry run
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact import")
        verbose_name_plural = _("contact imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class JoinSubmission(models.Model):
    """One validated "join the movement" submission, stored before the thank-you page.

    The public form only writes this row; a background processor turns batches of them
    into people, signatures, consents and confirmation emails (services.intake). Rows that
    keep failing stay here, marked failed with the error, for staff to look at.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be processed")
        PROCESSING = "processing", _("Being processed")
        DONE = "done", _("Processed")
        FAILED = "failed", _("Failed")

    payload = models.JSONField(_("submission"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("join submission")
        verbose_name_plural = _("join submissions")
        # The processor only ever looks for unfinished rows; done ones need no index.
        indexes = [
            models.Index(
                fields=["status", "id"], name="joinsubmission_open",
                condition=Q(status__in=["pending", "processing"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.payload.get('email', '?')} ({self.status})"
