"""Dataset versions, the figures read from them, and district runs of the English-learner rules.

Figures are stored long: one row per entity, year, metric and (optional) breakdown value, so
the same dashboards read state files and district-reported aggregates alike. A suppressed
cell (``*``) is a row with ``suppressed=True`` and no value; it never becomes zero.

Student-level records are never stored: a :class:`StudentRun` keeps the uploaded file only
until its background task ends, and keeps nothing but suppressed aggregates afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    STATE = "state", _("State")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    SCHOOL = "school", _("School")


class Dataset(models.Model):
    """One version of one imported file (or one published district run)."""

    class Kind(models.TextChoices):
        UPC = "upc", _("CALPADS Unduplicated Pupil Count")
        LTEL = "ltel", _("Long-term English learners and at-risk students")
        EL_LANGUAGE = "el_language", _("English learners by grade and language")
        RECLASSIFICATION = "reclassification", _("Reclassified English learners (RFEP)")
        ENTITIES = "entities", _("CAASPP/ELPAC entities")
        STUDENT_GROUPS = "student_groups", _("CAASPP/ELPAC student groups")
        DISTRICT_REPORT = "district_report", _("District-reported aggregates")

    class Origin(models.TextChoices):
        STATE = "state", _("State file")
        DISTRICT = "district", _("District-reported")

    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        REPLACED = "replaced", _("Replaced by a newer version")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices,
                              default=Origin.STATE)
    # Which part of the state a version covers: "" for state files, the district's CDS code
    # for district-reported figures, so two districts' reports never replace each other.
    scope = models.CharField(max_length=14, blank=True, default="")
    title = models.CharField(pgettext_lazy("document", "title"), max_length=200, blank=True)
    source_name = models.CharField(_("source file"), max_length=255)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    school_year = models.CharField(_("school year"), max_length=7, blank=True, default="")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("imported by"),
    )
    row_count = models.PositiveIntegerField(_("rows in the file"), default=0)
    figure_count = models.PositiveIntegerField(_("figures stored"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.CURRENT)
    is_current = models.BooleanField(default=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces",
        verbose_name=_("replaced by"),
    )
    replaced_at = models.DateTimeField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "school_year", "scope"], condition=Q(is_current=True),
                name="evidence_one_current_version",
            ),
            # The same state file is imported once; importing it again changes nothing.
            models.UniqueConstraint(
                fields=["kind", "sha256"], condition=Q(origin="state"),
                name="evidence_state_file_once",
            ),
        ]
        indexes = [models.Index(fields=["is_current", "kind", "school_year"])]
        permissions = [("import_dataset", "Can import public data files")]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.school_year or '-'})"

    @property
    def is_district_reported(self) -> bool:
        return self.origin == self.Origin.DISTRICT


class Entity(models.Model):
    """The state, a county, a district (LEA) or a school, named from the imported files."""

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    cds_code = models.CharField(_("CDS code"), max_length=14)
    name = models.CharField(_("name"), max_length=200)
    county_code = models.CharField(max_length=2)
    county_name = models.CharField(_("county"), max_length=100, blank=True)
    district_code = models.CharField(max_length=5, blank=True)
    district_name = models.CharField(_("district"), max_length=200, blank=True)
    search_name = models.CharField(max_length=400, db_index=True, editable=False)

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["level", "cds_code"], name="evidence_entity_unique")
        ]
        indexes = [
            models.Index(fields=["level", "county_code", "name"]),
            models.Index(fields=["level", "county_code", "district_code", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """What the entity's address uses: the county code for counties, else the CDS code."""
        return self.county_code if self.level == Level.COUNTY else self.cds_code


class Figure(models.Model):
    """One number from one dataset version. ``value`` is null when suppressed or unknown."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="figures")
    school_year = models.CharField(max_length=7)
    level = models.CharField(max_length=10, choices=Level.choices)
    cds_code = models.CharField(max_length=14)
    county_code = models.CharField(max_length=2)
    district_code = models.CharField(max_length=5)
    entity_name = models.CharField(max_length=200, blank=True)
    county_name = models.CharField(max_length=100, blank=True)
    metric = models.CharField(max_length=40)
    dimension = models.CharField(max_length=20, blank=True, default="")
    dimension_value = models.CharField(max_length=60, blank=True, default="")
    value = models.BigIntegerField(null=True, blank=True)
    suppressed = models.BooleanField(default=False)
    # Summed by Alianza from the file's rows (e.g. a county total from its districts), not
    # printed in the file itself.
    derived = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        indexes = [
            models.Index(fields=["level", "cds_code", "metric", "school_year"]),
            models.Index(fields=["dataset", "level", "metric"]),
            models.Index(fields=["level", "county_code", "metric", "school_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.cds_code} {self.school_year} {self.metric}={self.value}"


class DatasetUpload(models.Model):
    """A file uploaded by staff and imported in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        UNCHANGED = "unchanged", _("Already imported; nothing changed")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")

    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # relative to DATA_DIR
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=24, blank=True)  # "" = detect
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    dataset = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class StudentRun(models.Model):
    """The English-learner rules run on one district's student file: aggregates only."""

    class Layout(models.TextChoices):
        ALIANZA = "alianza", _("Alianza student layout (CSV)")
        ELPAC = "elpac", _("ELPAC Student Score Data File")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    district_code = models.CharField(_("district CDS code"), max_length=14)
    district_name = models.CharField(_("district"), max_length=200, blank=True)
    county_name = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # "" once the file is deleted
    sha256 = models.CharField(max_length=64, blank=True)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices)
    ltel_rule_set = models.CharField(_("LTEL rule set"), max_length=40)
    seal_rule_set = models.CharField(_("Seal rule set"), max_length=40)
    local_criteria = models.JSONField(default=dict, blank=True)
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"), default=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why a run failed, as a code and harmless parameters (counts, line numbers, column names
    # of the layout) that the page translates; never text built from the file.
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)  # unused since error codes; kept empty
    school_year = models.CharField(_("school year"), max_length=7, blank=True)
    as_of = models.DateField(null=True, blank=True)
    rule_sets = models.JSONField(default=list, blank=True)  # names, dates and citations
    options = models.JSONField(default=dict, blank=True)
    uncertain_choices = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)  # criterion status counts, suppressed
    warnings = models.JSONField(default=list, blank=True)  # [{"code": ..., "params": ...}]
    suppression_notes = models.JSONField(default=list, blank=True)
    published = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The worker touches updated_at at every stage: a running run whose updated_at is older
    # than EVIDENCE_STALE_AFTER lost its worker.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("student file run")
        verbose_name_plural = _("student file runs")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("run_student_rules", "Can run the English-learner rules on student files"),
            ("manage_all_runs", "Can publish and discard student file runs started by others"),
        ]

    def __str__(self) -> str:
        return f"{self.district_name or self.district_code}: {self.original_name}"


class RunAggregate(models.Model):
    """One count of a run, after small-cell and complementary suppression.

    A suppressed cell is stored with ``count`` null: its true value never reaches the database.
    """

    run = models.ForeignKey(StudentRun, on_delete=models.CASCADE, related_name="aggregates")
    breakdown = models.CharField(max_length=60)
    school_code = models.CharField(max_length=20)
    grade = models.CharField(max_length=10)
    language = models.CharField(max_length=20)
    student_group = models.CharField(max_length=40)
    measure = models.CharField(max_length=30)
    rule_set = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    suppressed = models.BooleanField(default=False)
    suppression = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["run", "breakdown", "measure"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.breakdown}: {'*' if self.suppressed else self.count}"
