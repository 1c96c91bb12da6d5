from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from alianza.coalition import models
from alianza.core.admin_languages import language_column, language_filter
from alianza.core.email_address import email_formfield_overrides


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened (consents given, data requests, merges): anyone allowed may
    read it; no one, not even a superuser, adds, edits or deletes it here."""

    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AffiliationInline(admin.TabularInline):
    model = models.Affiliation
    extra = 0
    autocomplete_fields = ("organization", "person")


class PersonEmailInline(admin.TabularInline):
    model = models.PersonEmail
    extra = 0
    formfield_overrides = email_formfield_overrides()


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    formfield_overrides = email_formfield_overrides()
    list_display = ("name", "email",
                    language_column("preferred_language", _("preferred language")),
                    "county_code", "email_confirmed_at")
    search_fields = ("name", "email", "other_emails__email")
    list_filter = (language_filter("preferred_language", _("preferred language")),
                   "county_code")
    inlines = [PersonEmailInline, AffiliationInline]
    readonly_fields = ("erased_at", "personal_data")

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting here would skip what erasure guarantees: withdrawal rows in the consent
        # history, every module's data scrubbed, a reason and a log entry. People are
        # erased from their personal data page instead, linked from this page.
        return False

    @admin.display(description=_("Personal data requests"))
    def personal_data(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("coalition-person-data", args=[obj.pk]),
                           _("Download or erase this person's data"))


class OrganizationTextInline(admin.StackedInline):
    model = models.OrganizationText
    extra = 0


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "county_code", "coalition_role", "membership_status")
    list_filter = ("kind", "coalition_role", "membership_status", "county_code")
    search_fields = ("name",)
    # The logo is set on the staff page, which checks and redraws the image.
    exclude = ("logo",)
    inlines = [OrganizationTextInline, AffiliationInline]


@admin.register(models.Consent)
class ConsentAdmin(RecordAdmin):
    """Consent history can be read, never added, edited or deleted here — not even by a
    superuser: it is the record of what people agreed to (models.Consent)."""

    list_display = ("created_at", "person", "kind", "scope", "granted",
                    language_column("language", _("language")), "source")
    list_filter = ("kind", "granted", language_filter("language", _("language")))
    search_fields = ("person__email", "subject_key")
    list_select_related = ("person",)
    readonly_fields = ("person", "subject_key", "kind", "scope", "granted", "wording",
                       "language", "source", "created_at")


@admin.register(models.PersonDataLog)
class PersonDataLogAdmin(RecordAdmin):
    """The log of exports and erasures: readable, never changed (models.PersonDataLog)."""

    list_display = ("created_at", "action", "actor_name", "person", "reason")
    list_filter = ("action",)
    search_fields = ("subject_key", "actor_name")
    readonly_fields = ("created_at", "action", "person", "subject_key", "actor", "actor_name",
                       "reason", "summary")


class StatementTextInline(admin.StackedInline):
    model = models.StatementText
    extra = 0


@admin.register(models.StatementVersion)
class StatementVersionAdmin(admin.ModelAdmin):
    list_display = ("statement", "number", "published_at")
    inlines = [StatementTextInline]


@admin.register(models.Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("slug", "is_open", "signature_goal", "created_at")


@admin.register(models.Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ("person", "organization", "statement", "status", "listed", "confirmed_at")
    list_filter = ("status", "listed", "statement")
    search_fields = ("person__name", "person__email", "organization__name")
    raw_id_fields = ("person", "organization")


@admin.register(models.MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ("organization", "contact", "status", "created_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("organization", "contact")


class WorkgroupTextInline(admin.StackedInline):
    model = models.WorkgroupText
    extra = 0


@admin.register(models.Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ("slug", "is_open")
    filter_horizontal = ("leads",)
    inlines = [WorkgroupTextInline]


class WorkgroupMeetingTextInline(admin.StackedInline):
    model = models.WorkgroupMeetingText
    extra = 0


@admin.register(models.WorkgroupMeeting)
class WorkgroupMeetingAdmin(admin.ModelAdmin):
    list_display = ("workgroup", "starts_at", "place", "posted_by")
    list_filter = ("workgroup",)
    readonly_fields = ("posted_by",)
    inlines = [WorkgroupMeetingTextInline]


@admin.register(models.WorkgroupRosterChange)
class WorkgroupRosterChangeAdmin(RecordAdmin):
    """Who was taken off which roster, by whom and why: read here, never edited."""

    list_display = ("changed_at", "workgroup", "person_name", "action", "changed_by")
    list_filter = ("workgroup", "action")


class CoalitionProfileTextInline(admin.StackedInline):
    model = models.CoalitionProfileText
    extra = 0


class CoalitionProfileForm(forms.ModelForm):
    class Meta:
        model = models.CoalitionProfile
        fields = ["name", "contact_email", "postal_address", "brand_color", "logo"]
        widgets = {"brand_color": forms.TextInput(attrs={"type": "color"})}

    def clean_logo(self):
        """The logo goes into every email: a real picture, checked from its bytes."""
        from alianza.core.untrusted import UntrustedFileError, check_image
        from alianza.core.untrusted_messages import untrusted_message

        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged or cleared
        try:
            info = check_image(logo, max_bytes=2 * 1024 * 1024)
        except UntrustedFileError as error:
            raise forms.ValidationError(untrusted_message(error)) from error
        logo.name = f"logo.{info.extension}"
        return logo


@admin.register(models.CoalitionProfile)
class CoalitionProfileAdmin(admin.ModelAdmin):
    form = CoalitionProfileForm
    formfield_overrides = email_formfield_overrides()
    inlines = [CoalitionProfileTextInline]


@admin.register(models.JoinSubmission)
class JoinSubmissionAdmin(admin.ModelAdmin):
    """Join-form submissions waiting for, or failed in, background processing."""

    list_display = ("created_at", "__str__", "status", "attempts", "processed_at")
    list_filter = ("status",)
    search_fields = ("payload__email", "error")
    readonly_fields = ("payload", "status", "attempts", "claimed_by", "claimed_at", "error",
                       "created_at", "processed_at")
    actions = ["retry"]

    @admin.action(description=_("Process again"))
    def retry(self, request, queryset):
        from alianza.coalition.services.intake import join_submissions_retry

        join_submissions_retry(ids=list(queryset.values_list("pk", flat=True)))

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.OrganizationMerge)
class OrganizationMergeAdmin(RecordAdmin):
    """The audit trail of merges: readable, never edited or deleted here."""

    list_display = ("merged_at", "merged_name", "survivor", "merged_by")
    search_fields = ("merged_name", "survivor__name")
    readonly_fields = ("survivor", "merged_id", "merged_name", "merged_record", "moved",
                       "merged_by", "merged_at")
