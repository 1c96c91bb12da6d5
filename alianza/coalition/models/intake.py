"""Contact imports and queued join submissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
        CHECKING = "checking", _("Checking (dry run)")
        CHECKED = "checked", _("Checked (dry run)")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Preset(models.TextChoices):
        SPREADSHEET = "spreadsheet", _("A spreadsheet")
        ACTION_NETWORK = "action_network", _("Action Network (activists)")
        MAILCHIMP = "mailchimp", _("Mailchimp (audience)")

    kind = models.CharField(_("what the file holds"), max_length=16, choices=Kind.choices)
    preset = models.CharField(
        _("exported from"), max_length=16, choices=Preset.choices, default=Preset.SPREADSHEET
    )
    # What staff chose on the mapping page besides the columns: the consent wording to
    # record, and each import hook's options (a tag, mailing lists) under the hook's key.
    options = models.JSONField(default=dict, blank=True)
    # The hooks' and consent counts of the import (the dry run's are in ``preview``).
    outcome = models.JSONField(default=dict, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # core/private_files.py
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
        permissions = [
            ("import_contacts", "Can import contacts from files"),
            ("manage_all_imports", "Can check, run and discard imports started by others"),
        ]

    def __str__(self) -> str:
        return self.original_name


class ContactImportPerson(models.Model):
    """A person one contact import touched, and how: what their page's timeline shows.

    Written in bulk with each batch of the import (COPY on PostgreSQL), in the batch's
    transaction. A person listed twice in one file (under two of their addresses) has one
    row per batch. Follows the person kept when two are merged; removed when a person is
    erased. Imports made before this table existed have no rows.
    """

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("what an import did to a person", "Added")
        UPDATED = "updated", pgettext_lazy("what an import did to a person", "Updated")
        UNCHANGED = "unchanged", pgettext_lazy("what an import did to a person", "Unchanged")

    contact_import = models.ForeignKey(ContactImport, on_delete=models.CASCADE,
                                       related_name="people_touched")
    person = models.ForeignKey("coalition.Person", on_delete=models.CASCADE,
                               related_name="import_links")
    action = models.CharField(_("what the import did"), max_length=16, choices=Action.choices)

    class Meta:
        verbose_name = _("person in a contact import")
        verbose_name_plural = _("people in contact imports")

    def __str__(self) -> str:
        return f"{self.contact_import_id} → {self.person_id} ({self.action})"


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


class JoinConfirmation(models.Model):
    """What one submission asked for, waiting for the owner of the address to confirm it.

    Nothing a submission asks for (signatures, consents, affiliations, applications, changes
    to the person's details) is carried out until the person opens the emailed link: anyone
    can type anyone's address into a public form. The emailed link names this row, so what
    is applied is exactly what was submitted and shown in the email. The rows are also the
    count behind the per-address throttle, so it holds across processes.
    """

    email = models.EmailField(_("email"), max_length=254)
    statement_id = models.IntegerField(null=True, blank=True)  # for the per-statement throttle
    payload = models.JSONField(_("submission"))
    emailed = models.BooleanField(_("email sent"), default=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission waiting for confirmation")
        verbose_name_plural = _("submissions waiting for confirmation")
        indexes = [models.Index(fields=["email", "created_at"], name="joinconfirmation_email")]

    def __str__(self) -> str:
        return f"{self.email} ({'confirmed' if self.confirmed_at else 'waiting'})"
