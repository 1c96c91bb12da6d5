"""The legislature as Open States describes it: sessions, districts, legislators with their
roles over time, offices, committees. Imported from Open States files (people YAML), kept
with where and when each fact came from; staff add the office staff contacts the feed lacks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CALIFORNIA = "ocd-jurisdiction/country:us/state:ca/government"


class Chamber(models.TextChoices):
    LOWER = "lower", _("Assembly")
    UPPER = "upper", _("Senate")
    LEGISLATURE = "legislature", _("Joint")


class Sourced(models.Model):
    """Where a fact came from and when it was read: a file path or an API address."""

    source = models.CharField(_("source"), max_length=500, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        abstract = True


class LegislativeSession(models.Model):
    """A session of one jurisdiction's legislature: bills are numbered within it, so
    AB 1947 of 2023-24 and AB 1947 of 2025-26 are two bills."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=120, default=CALIFORNIA)
    identifier = models.CharField(_("identifier"), max_length=40, help_text=_("E.g., 20232024"))
    name = models.CharField(_("name"), max_length=120,
                            help_text=_("E.g., 2023-2024 Regular Session"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("legislative session")
        verbose_name_plural = _("legislative sessions")
        ordering = ["-start_date", "-identifier"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "identifier"],
                                               name="policy_session_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """"2023-24 session" in the reader's language (``name`` is the feed's, in English)."""
        from alianza.policy.identifiers import session_label

        return _("%(years)s session") % {"years": session_label(self.identifier)}


class District(models.Model):
    """A legislative district by its Open Civic Data division id."""

    division_id = models.CharField(_("OCD division id"), max_length=200, unique=True)
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices)
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["chamber", "number"]
        constraints = [models.UniqueConstraint(fields=["chamber", "number"],
                                               name="policy_district_unique")]

    def __str__(self) -> str:
        return f"{self.get_chamber_display()} {self.number}"


# Party and committee-role names as Open States writes them, for readers in each language.
PARTY_LABELS = {"Democratic": _("Democratic"), "Republican": _("Republican"),
                "Independent": _("Independent"), "Nonpartisan": _("Nonpartisan")}
COMMITTEE_ROLE_LABELS = {"chair": _("chair"), "vice chair": _("vice chair"),
                         "member": _("member"), "co-chair": _("co-chair")}


class Legislator(Sourced):
    openstates_id = models.CharField(_("Open States id"), max_length=80, unique=True,
                                     null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    party = models.CharField(_("party"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    image_url = models.URLField(_("photo address"), max_length=500, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)

    class Meta:
        verbose_name = _("legislator")
        verbose_name_plural = _("legislators")
        ordering = ["family_name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def party_label(self) -> str:
        return str(PARTY_LABELS.get(self.party, self.party))


class LegislatorRole(models.Model):
    """A seat held for a time: history across sessions is the list of these."""

    legislator = models.ForeignKey(Legislator, on_delete=models.CASCADE, related_name="roles")
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="roles",
                                 null=True, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=120, default=CALIFORNIA)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.legislator_id} {self.chamber} {self.district_id}"


class Office(models.Model):
    class Kind(models.TextChoices):
        CAPITOL = "capitol", _("Capitol office")
        DISTRICT = "district", _("District office")
        PRIMARY = "primary", _("Main office")

    legislator = models.ForeignKey(Legislator, on_delete=models.CASCADE, related_name="offices")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Letters from action alerts go in this language (the coalition's choice per office).
    letter_language = models.CharField(_("language for letters"), max_length=8, default="en",
                                       choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.legislator_id})"


class OfficeContact(models.Model):
    """Someone who works in an office (scheduler, education consultant), added by staff."""

    legislator = models.ForeignKey(Legislator, on_delete=models.CASCADE,
                                   related_name="staff_contacts")
    office = models.ForeignKey(Office, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True,
                            help_text=_("E.g., Scheduler, Education consultant"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("office staff contact")
        verbose_name_plural = _("office staff contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Committee(Sourced):
    openstates_id = models.CharField(_("Open States id"), max_length=80, unique=True,
                                     null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="subcommittees")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=120, default=CALIFORNIA)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["chamber", "name"]

    def __str__(self) -> str:
        return f"{self.get_chamber_display()} {self.name}"

    @property
    def label(self) -> str:
        """The committee's own (English) name, then its house in the reader's language."""
        return f"{self.name} ({self.get_chamber_display()})"


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    legislator = models.ForeignKey(Legislator, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="committee_memberships")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=60, default="member")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    @property
    def role_label(self) -> str:
        return str(COMMITTEE_ROLE_LABELS.get(self.role.lower(), self.role))
