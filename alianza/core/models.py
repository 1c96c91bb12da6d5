from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboundEmail(models.Model):
    """An email waiting to go out, or already sent.

    The row is written in the same transaction as whatever caused it (a signature, an
    application), so a failed SMTP hand-off never loses anything: the row stays and is
    retried with backoff until it is sent or runs out of attempts.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        # Called for by the person's own action (confirmation link, receipt, decision):
        # the only email sent without email consent.
        TRANSACTIONAL = "transactional", _("Transactional")
        # Anything else (welcome series, updates): only with a consent on record.
        BULK = "bulk", _("Bulk")

    to = models.EmailField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=35)
    purpose = models.CharField(_("purpose"), max_length=64)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.TRANSACTIONAL
    )
    consent_scope = models.CharField(_("consent"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # An iCalendar object (RFC 5545) sent with the message: an invitation (METHOD:REQUEST)
    # or its cancellation (METHOD:CANCEL), as a calendar part and an .ics attachment.
    calendar = models.TextField(_("calendar invitation"), blank=True)
    # Where replies go when not to the coalition: a letter sent on a supporter's behalf
    # is answered to the supporter.
    reply_to = models.EmailField(_("reply to"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # Per-address throttles count recent messages to one recipient.
            models.Index(fields=["to", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.to} ({self.status})"


class ApiToken(models.Model):
    """A key for the OSDI API, acting as its staff user within its scopes.

    Only a hash of the secret is kept: the secret is shown once, when the token is made.
    ``scopes`` lists ``"<family>:read"`` / ``"<family>:write"`` entries, or ``"*"`` for all.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    # The secret's first characters, to recognise a token in lists and logs.
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("revoked by"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_api_tokens", _("Can see and revoke everyone's API tokens"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, family: str, *, write: bool) -> bool:
        """Whether the token may read (or write) resources of ``family``; write implies read."""
        scopes = set(self.scopes or ())
        if "*" in scopes or f"{family}:write" in scopes:
            return True
        return not write and f"{family}:read" in scopes


class ApiRateBucket(models.Model):
    """A token's place in its rate limit: the time (epoch seconds) its requests are
    "paid up" to (the theoretical arrival time of the generic cell rate algorithm).

    One row per token, moved by one statement per request (``tokens.rate_limit_check``):
    no counters to sweep, and no burst of twice the limit across a window's edge.
    """

    token = models.OneToOneField(ApiToken, on_delete=models.CASCADE, primary_key=True,
                                 related_name="rate_bucket")
    paid_until = models.FloatField()

    class Meta:
        verbose_name = _("API rate limit state")
        verbose_name_plural = _("API rate limit states")

    def __str__(self) -> str:
        return f"{self.token_id}: {self.paid_until:.3f}"


class ApiWriteLog(models.Model):
    """One request that was not a read, made with an API token: who changed what, when."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="writes",
                              verbose_name=_("API token"))
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API write")
        verbose_name_plural = _("API writes")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"


class ExternalIdentifier(models.Model):
    """An identifier another system gave a row (``"action_network:…"``), kept so that a
    client may keep using it: the OSDI ``identifiers`` list of that row."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    value = models.CharField(_("identifier"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("external identifier")
        verbose_name_plural = _("external identifiers")
        constraints = [models.UniqueConstraint(fields=["content_type", "value"],
                                               name="core_extid_unique_value")]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="core_extid_object")]

    def __str__(self) -> str:
        return self.value


class SiteExport(models.Model):
    """A full export of the coalition's data as a ZIP of CSV files and the uploaded files,
    built by a background task (core/site_export_build.py) and kept for a few days."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("site export status", "Waiting to start")
        RUNNING = "running", pgettext_lazy("site export status", "Running")
        DONE = "done", pgettext_lazy("site export status", "Ready")
        FAILED = "failed", pgettext_lazy("site export status", "Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("requested by"),
    )
    # The README in the ZIP is written in this language (and in English).
    language = models.CharField(_("language"), max_length=35)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=100, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    row_counts = models.JSONField(_("row counts"), default=dict, blank=True)
    error = models.TextField(pgettext_lazy("site export", "error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(pgettext_lazy("site export", "started at"), null=True,
                                      blank=True)
    # Written with each progress report: an active export silent for long has lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(pgettext_lazy("site export", "finished at"),
                                       null=True, blank=True)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("site export")
        verbose_name_plural = _("site exports")
        ordering = ["-created_at", "-pk"]
        permissions = [("export_site", _("Can export all of the coalition's data"))]

    def __str__(self) -> str:
        return f"site export {self.pk} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


# Core's other models live beside the code that uses them; importing them here makes them
# part of the app.
from alianza.core.webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: E402, F401
